package dev.runwall.sandbox.internal.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The programs the sandbox runs ({@code ip}, {@code nft}, {@code sysctl}) found on PATH or in the sbin
 * directories (which a non-login root shell or a test JVM may lack on PATH), and the root check.
 */
public record HostTools(Path ip, Path nft, Path sysctl) {

    /** What is missing for sandboxes on this machine; empty when everything is there. */
    public static List<String> problems() {
        var problems = new ArrayList<String>();
        if (!isRoot()) {
            problems.add("not running as root (network namespaces need root): run with sudo, or as root in CI");
        }
        for (String[] tool : new String[][] {{"ip", "iproute2"}, {"nft", "nftables"}, {"sysctl", "procps"}}) {
            if (find(tool[0]).isEmpty()) {
                problems.add("'" + tool[0] + "' is not installed: install the package " + tool[1]
                        + " (apt-get install -y " + tool[1] + ")");
            }
        }
        return problems;
    }

    /** The tools, or empty when one is missing (see {@link #problems()}). */
    public static Optional<HostTools> locate() {
        var ip = find("ip");
        var nft = find("nft");
        var sysctl = find("sysctl");
        if (ip.isEmpty() || nft.isEmpty() || sysctl.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HostTools(ip.get(), nft.get(), sysctl.get()));
    }

    public static Optional<Path> find(String program) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }

    /** The effective uid from /proc (no native call needed). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                String[] fields = line.split("\\s+"); // Uid: real effective saved filesystem
                if (fields[0].equals("Uid:") && fields.length > 2) {
                    return fields[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
