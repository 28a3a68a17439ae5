package dev.runwall.agent.correlate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by veth, made by a test and removed after it: "runner" (where the job
 * runs and our nftables table logs every new flow to an NFLOG group) and "peer" (the addresses the job
 * connects to; nothing listens, so TCP is answered by a reset and UDP by port unreachable). Addresses
 * from 198.18.0.0/15 and fd52:7761:6c6c::/48 only, no other route: no packet leaves the machine.
 */
final class TestNetwork implements AutoCloseable {
    static final String RUNNER_V4 = "198.18.200.1";
    static final String PEER_V4 = "198.18.200.2";
    static final String RUNNER_V6 = "fd52:7761:6c6c:200::1";
    static final String PEER_V6 = "fd52:7761:6c6c:200::2";

    final String runner;
    final String peer;
    final int nflogGroup;

    private TestNetwork(String runner, String peer, int nflogGroup) {
        this.runner = runner;
        this.peer = peer;
        this.nflogGroup = nflogGroup;
    }

    static TestNetwork create() throws IOException, InterruptedException {
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        TestNetwork n = new TestNetwork("rwfa-" + id + "-r", "rwfa-" + id + "-p", 100 + ThreadLocalRandom.current().nextInt(60000));
        try {
            run("ip", "netns", "add", n.runner);
            run("ip", "netns", "add", n.peer);
            run("ip", "-n", n.runner, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", n.peer);
            for (String[] side : new String[][] {{n.runner, "veth0", RUNNER_V4, RUNNER_V6}, {n.peer, "veth1", PEER_V4, PEER_V6}}) {
                run("ip", "-n", side[0], "link", "set", "lo", "up");
                run("ip", "-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
                run("ip", "-n", side[0], "-6", "addr", "add", side[3] + "/64", "dev", side[1], "nodad");
                run("ip", "-n", side[0], "link", "set", side[1], "up");
            }
            run("ip", "netns", "exec", n.runner, "nft", "add table inet rwfa_test; "
                    + "add chain inet rwfa_test out { type filter hook output priority 0; policy accept; }; "
                    + "add rule inet rwfa_test out oifname \"veth0\" ct state new log group " + n.nflogGroup);
            return n;
        } catch (IOException | InterruptedException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    Path runnerPath() {
        return Path.of("/run/netns", runner);
    }

    @Override
    public void close() {
        for (String ns : List.of(runner, peer)) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException | InterruptedException | RuntimeException ignored) {
                // not created: nothing to remove
            }
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
