package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.netns.ExternalCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by veth, for attribution tests and benchmarks, removed by {@link #close}:
 * "runner" (where the job runs; an nftables table there logs every new flow leaving it to an NFLOG group) and
 * "peer" (the addresses the job connects to; nothing listens, so TCP is answered by a reset and UDP by port
 * unreachable). Each user gets its own subnet, {@code 198.18.S.0/24} and {@code fd52:7761:6c6c:S::/64}
 * (TESTING.md), and there is no other route: no packet leaves the machine.
 *
 * @param runner the runner namespace's name
 * @param peer the peer namespace's name
 * @param nflogGroup the NFLOG group new flows are logged to
 * @param subnet S above
 */
public record FlowLogNetwork(String runner, String peer, int nflogGroup, int subnet) implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Creates both namespaces, named {@code PREFIX-ID-r} and {@code PREFIX-ID-p} (a random id), and a random NFLOG
     * group.
     *
     * @param prefix up to 5 characters, so that the names fit in an interface-name-sized buffer
     * @param subnet 200 to 255 (the attribution users' range)
     * @throws IllegalStateException naming the command that failed, with its output; whatever was made is removed
     */
    public static FlowLogNetwork create(String prefix, int subnet) {
        if (subnet < 200 || subnet > 255 || !prefix.matches("[a-z]{1,5}")) {
            throw new IllegalArgumentException("prefix must be 1 to 5 letters and subnet 200 to 255, not " + prefix
                    + " and " + subnet);
        }
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        FlowLogNetwork n = new FlowLogNetwork(prefix + "-" + id + "-r", prefix + "-" + id + "-p",
                100 + ThreadLocalRandom.current().nextInt(60000), subnet);
        try {
            run("ip", "netns", "add", n.runner);
            run("ip", "netns", "add", n.peer);
            run("ip", "-n", n.runner, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", n.peer);
            for (String[] side : new String[][] {{n.runner, "veth0", n.runnerV4(), n.runnerV6()},
                    {n.peer, "veth1", n.peerV4(), n.peerV6()}}) {
                run("ip", "-n", side[0], "link", "set", "lo", "up");
                run("ip", "-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
                run("ip", "-n", side[0], "-6", "addr", "add", side[3] + "/64", "dev", side[1], "nodad");
                run("ip", "-n", side[0], "link", "set", side[1], "up");
            }
            run("ip", "netns", "exec", n.runner, "nft", "add table inet " + prefix + "_flows; "
                    + "add chain inet " + prefix + "_flows out { type filter hook output priority 0; policy accept; }; "
                    + "add rule inet " + prefix + "_flows out oifname \"veth0\" ct state new log group " + n.nflogGroup);
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    public String runnerV4() {
        return "198.18." + subnet + ".1";
    }

    public String peerV4() {
        return "198.18." + subnet + ".2";
    }

    public String runnerV6() {
        return "fd52:7761:6c6c:" + subnet + "::1";
    }

    public String peerV6() {
        return "fd52:7761:6c6c:" + subnet + "::2";
    }

    /** The runner namespace's file, for {@code setns}. */
    public Path runnerPath() {
        return Path.of("/run/netns", runner);
    }

    /** Removes both namespaces (and with them the veth pair and the nftables table); safe after a failed create. */
    @Override
    public void close() {
        for (String ns : List.of(runner, peer)) {
            try {
                ExternalCommand.run(List.of("ip", "netns", "del", ns), COMMAND_TIMEOUT); // exits 1 when never made
            } catch (RuntimeException e) {
                // the other one is still removed
            }
        }
    }

    private static void run(String... command) {
        ExternalCommand.run(List.of(command), COMMAND_TIMEOUT).requireSuccess();
    }
}
