package dev.runwall.cli;

import picocli.CommandLine.Option;

/** {@code --name NAME}, shared by the sandbox subcommands. */
final class SandboxNameOption {
    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "The sandbox's name: 1-24 lower-case letters, digits and dashes. Its namespaces are"
                    + " rw-NAME-r (runner) and rw-NAME-i (internet).")
    String name;
}
