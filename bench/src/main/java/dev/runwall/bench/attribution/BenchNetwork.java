package dev.runwall.bench.attribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A "runner" network namespace joined by veth to a "peer" namespace where nothing listens (TCP gets a
 * reset, UDP port unreachable), with an nftables table that logs every new flow leaving the runner to an
 * NFLOG group. 198.18.0.0/15 and fd52:7761:6c6c::/48 only, no other route.
 */
final class BenchNetwork implements AutoCloseable {
    static final String PEER_V4 = "198.18.210.2";
    static final String PEER_V6 = "fd52:7761:6c6c:210::2";
    final String runner;
    final String peer;
    final int nflogGroup;

    private BenchNetwork(String runner, String peer, int group) {
        this.runner = runner;
        this.peer = peer;
        this.nflogGroup = group;
    }

    static BenchNetwork create(boolean logFlows) throws IOException, InterruptedException {
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        BenchNetwork n = new BenchNetwork("rwab-" + id + "-r", "rwab-" + id + "-p", 100 + ThreadLocalRandom.current().nextInt(60000));
        try {
            run("ip", "netns", "add", n.runner);
            run("ip", "netns", "add", n.peer);
            run("ip", "-n", n.runner, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", n.peer);
            String[][] sides = {{n.runner, "veth0", "198.18.210.1", "fd52:7761:6c6c:210::1"}, {n.peer, "veth1", PEER_V4, PEER_V6}};
            for (String[] side : sides) {
                run("ip", "-n", side[0], "link", "set", "lo", "up");
                run("ip", "-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
                run("ip", "-n", side[0], "-6", "addr", "add", side[3] + "/64", "dev", side[1], "nodad");
                run("ip", "-n", side[0], "link", "set", side[1], "up");
            }
            if (logFlows) {
                run("ip", "netns", "exec", n.runner, "nft", "add table inet rwab; "
                        + "add chain inet rwab out { type filter hook output priority 0; policy accept; }; "
                        + "add rule inet rwab out oifname \"veth0\" ct state new log group " + n.nflogGroup);
            }
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
                // never created
            }
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
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
