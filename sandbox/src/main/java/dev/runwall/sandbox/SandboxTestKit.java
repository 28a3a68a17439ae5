package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.netns.HostTools;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * For integration tests of any module. Tests never skip: {@link #requirePrivileges()} fails with a
 * message naming what is missing (root, {@code ip}, {@code nft}, {@code sysctl}).
 *
 * <pre>{@code
 * @BeforeAll static void privileges() { SandboxTestKit.requirePrivileges(); }
 *
 * try (Sandbox sandbox = SandboxTestKit.up("dnsgate", zone)) { ... }   // unique name, query log on
 * }</pre>
 */
public final class SandboxTestKit {

    /** @throws IllegalStateException when this machine cannot run network sandboxes, saying why */
    public static void requirePrivileges() {
        List<String> problems = HostTools.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("this integration test needs a network sandbox, which needs root and the"
                    + " tools ip, nft and sysctl; on this machine:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** The Debian package of programs tests commonly run in a sandbox, for the failure message. */
    private static final Map<String, String> PACKAGES = Map.of("dig", "dnsutils", "curl", "curl", "socat", "socat",
            "ping", "iputils-ping", "dnsperf", "dnsperf", "nc", "netcat-openbsd", "iperf3", "iperf3");

    /** @throws IllegalStateException naming each program that is not installed and its package */
    public static void requirePrograms(String... programs) {
        List<String> missing = Arrays.stream(programs).filter(p -> HostTools.find(p).isEmpty())
                .map(p -> p + " (apt-get install -y " + PACKAGES.getOrDefault(p, p) + ")").toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("this integration test runs programs that are not installed:\n  - "
                    + String.join("\n  - ", missing));
        }
    }

    /** {@code prefix-xxxxxx} with a random suffix, so parallel test runs never share a sandbox. */
    public static String uniqueName(String prefix) {
        if (!prefix.matches("[a-z0-9][a-z0-9-]{0,16}")) {
            throw new IllegalArgumentException("prefix '" + prefix + "': use 1-17 of [a-z0-9-], not starting with '-'");
        }
        var random = ThreadLocalRandom.current();
        var suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(Character.forDigit(random.nextInt(36), 36));
        }
        return prefix + "-" + suffix;
    }

    /** Checks privileges, then brings up a sandbox with a unique name and its query log on. */
    public static Sandbox up(String prefix, Zone zone) {
        requirePrivileges();
        return Sandbox.up(SandboxSpec.of(uniqueName(prefix), zone).withQueryLog());
    }

    /**
     * For integration tests whose JVM runs through {@code bin/netns-jvm/bin/java} (a module's failsafe
     * {@code <jvm>}): fails unless this JVM really is inside the test network namespace, so no test socket
     * can ever be opened in the host's namespace. Call it before opening any socket.
     *
     * @return the namespace name
     * @throws IllegalStateException saying what is wrong (not root, iproute2 missing, not started that way)
     */
    public static String requireTestNetworkNamespace() {
        String error = System.getenv("RUNWALL_TEST_NETNS_ERROR");
        if (error != null) {
            throw new IllegalStateException(error);
        }
        String ns = System.getenv("RUNWALL_TEST_NETNS");
        if (ns == null) {
            throw new IllegalStateException("this test JVM was not started through bin/netns-jvm/bin/java (failsafe <jvm>):"
                    + " refusing to open sockets outside a test network namespace");
        }
        try {
            Object expected = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/run/netns", ns), "unix:ino");
            String self = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/net")).toString();
            if (!self.equals("net:[" + expected + "]")) {
                throw new IllegalStateException("this JVM is in " + self + ", not in the test namespace " + ns);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot check the network namespace " + ns + ": " + e, e);
        }
        return ns;
    }

    private SandboxTestKit() {}
}
