package dev.runwall.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo runs on a fresh machine: the tools it needs ({@code ip}, {@code nft}, {@code curl}) are
 * installed with apt-get when they are missing (root only; elsewhere the message says what to install).
 */
final class DemoPackages {
    private record Needed(String command, String debianPackage) {}

    private static final List<Needed> NEEDED = List.of(
            new Needed("ip", "iproute2"), new Needed("nft", "nftables"), new Needed("curl", "curl"));

    private DemoPackages() {}

    static void ensure(PrintWriter out) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        for (Needed n : NEEDED) {
            if (!onPath(n.command())) {
                missing.add(n.debianPackage());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (!onPath("apt-get")) {
            throw new ExitException(ExitCodes.STATE, "the demo needs these packages: " + String.join(", ", missing)
                    + "; install them with your package manager and run it again");
        }
        out.println("== Installing what the demo needs: apt-get install " + String.join(" ", missing));
        out.flush();
        run(List.of("apt-get", "update", "-qq"));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        if (run(install) != 0) {
            throw new ExitException(ExitCodes.STATE, "apt-get could not install " + String.join(", ", missing)
                    + "; install them by hand and run the demo again");
        }
    }

    private static int run(List<String> command) throws InterruptedException {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
