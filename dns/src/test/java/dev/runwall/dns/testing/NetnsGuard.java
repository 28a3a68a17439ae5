package dev.runwall.dns.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure an integration test runs inside the network namespace that src/test/netns/bin/java
 * created for this JVM, and fails (never skips) with the reason when it does not.
 */
public final class NetnsGuard {
    private NetnsGuard() {}

    /** Call first in every integration test class, before any socket is opened. */
    public static String requireTestNamespace() {
        String error = System.getenv("RUNWALL_DNSIT_NETNS_ERROR");
        if (error != null) {
            fail(error);
        }
        String ns = System.getenv("RUNWALL_DNSIT_NETNS");
        if (ns == null) {
            fail("not started through dns/src/test/netns/bin/java (failsafe <jvm>): refusing to open"
                    + " sockets outside a test network namespace");
        }
        try {
            Object expected = Files.getAttribute(Path.of("/run/netns", ns), "unix:ino");
            String self = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            if (!self.equals("net:[" + expected + "]")) {
                fail("this JVM is in " + self + ", not in the test namespace " + ns + " (inode " + expected + ")");
            }
        } catch (IOException e) {
            fail("cannot check the network namespace " + ns + ": " + e);
        }
        return ns;
    }
}
