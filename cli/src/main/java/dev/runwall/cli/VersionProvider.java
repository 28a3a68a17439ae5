package dev.runwall.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"runwall " + (v == null ? "(development build)" : v), "Java " + Runtime.version()};
    }
}
