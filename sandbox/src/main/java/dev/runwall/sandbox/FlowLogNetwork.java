package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.netns.ExternalCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by veth, for the attribution tests and benchmarks, removed by {@link #close}:
 * "runner" (where the job runs; an nftables table there logs every new flow leaving it to an NFLOG group) and
 * "peer" (the addresses the job connects to; nothing listens, so TCP is answered by a reset and UDP by port
 * unreachable). Each user takes its own subnet S: {@code 198.18.S.0/24} and {@code fd52:7761:6c6c:S::/64},
 * inside the test ranges 198.18.0.0/15 and fd52:7761:6c6c::/48 (FlowAttributionIT 200, the attribution
 * benchmark 210). There is no other route: no packet leaves the machine.
 */
public final class FlowLogNetwork implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String runner;
    private final String peer;
    private final int nflogGroup;
    private final int subnet;
    /** The namespaces this object made (only those are removed: a name taken by someone else is not ours). */
    private final List<String> made = new ArrayList<>();

    FlowLogNetwork(String runner, String peer, int nflogGroup, int subnet) {
        this.runner = runner;
        this.peer = peer;
        this.nflogGroup = nflogGroup;
        this.subnet = subnet;
    }

    /**
     * Creates both namespaces, named {@code PREFIX-ID-r} and {@code PREFIX-ID-p} (a random id), and the
     * logging table, with a random NFLOG group.
     *
     * @param prefix 1 to 5 lower-case letters (the table is {@code PREFIX_flows})
     * @param subnet S above, 200 to 255
     * @throws IllegalArgumentException for another prefix or subnet, before anything is made
     * @throws IllegalStateException naming the command that failed, with its output; what was made is removed
     * @throws SandboxException when {@code ip} or {@code nft} is missing or does not finish in 30 s
     */
    public static FlowLogNetwork create(String prefix, int subnet) {
        if (subnet < 200 || subnet > 255 || !prefix.matches("[a-z]{1,5}")) {
            throw new IllegalArgumentException("prefix must be 1 to 5 lower-case letters and subnet 200 to 255, not '"
                    + prefix + "' and " + subnet);
        }
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        FlowLogNetwork n = new FlowLogNetwork(prefix + "-" + id + "-r", prefix + "-" + id + "-p",
                100 + ThreadLocalRandom.current().nextInt(60000), subnet);
        try {
            for (String ns : List.of(n.runner, n.peer)) {
                run("ip", "netns", "add", ns);
                n.made.add(ns);
            }
            run("ip", "-n", n.runner, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", n.peer);
            for (String[] side : new String[][] {{n.runner, "veth0", n.runnerV4(), n.runnerV6()},
                    {n.peer, "veth1", n.peerV4(), n.peerV6()}}) {
                run("ip", "-n", side[0], "link", "set", "lo", "up");
                run("ip", "-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
                run("ip", "-n", side[0], "-6", "addr", "add", side[3] + "/64", "dev", side[1], "nodad");
                run("ip", "-n", side[0], "link", "set", side[1], "up");
            }
            String table = "inet " + prefix + "_flows";
            run("ip", "netns", "exec", n.runner, "nft", "add table " + table + "; "
                    + "add chain " + table + " out { type filter hook output priority 0; policy accept; }; "
                    + "add rule " + table + " out oifname \"veth0\" ct state new log group " + n.nflogGroup);
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** The runner namespace's name. */
    public String runner() {
        return runner;
    }

    /** The peer namespace's name. */
    public String peer() {
        return peer;
    }

    /** The NFLOG group new flows leaving the runner are logged to. */
    public int nflogGroup() {
        return nflogGroup;
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

    /**
     * Removes the namespaces this object made (and with them the veth pair and the table); safe after a failed
     * create and on an interrupted thread (the interrupt is kept for the caller).
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted(); // else each removal's wait would end at once
        try {
            for (String ns : List.copyOf(made)) {
                try {
                    ExternalCommand.run(List.of("ip", "netns", "del", ns), COMMAND_TIMEOUT).requireSuccess();
                    made.remove(ns);
                } catch (RuntimeException e) {
                    // the other one is still removed
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void run(String... command) {
        ExternalCommand.run(List.of(command), COMMAND_TIMEOUT).requireSuccess();
    }
}
