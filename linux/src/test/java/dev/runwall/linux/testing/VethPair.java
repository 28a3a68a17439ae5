package dev.runwall.linux.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Two test namespaces joined by a veth pair, nothing else: a "runner" (198.18.0.1,
 * fd52:7761:6c6c::1) and a "peer" (198.18.0.2, fd52:7761:6c6c::2), both /24 and /64, no default
 * route, so no packet can leave the machine.
 */
public final class VethPair implements AutoCloseable {
    public static final String RUNNER_V4 = "198.18.0.1";
    public static final String PEER_V4 = "198.18.0.2";
    public static final String RUNNER_V6 = "fd52:7761:6c6c::1";
    public static final String PEER_V6 = "fd52:7761:6c6c::2";

    private final TestNamespace runner;
    private final TestNamespace peer;

    private VethPair(TestNamespace runner, TestNamespace peer) {
        this.runner = runner;
        this.peer = peer;
    }

    public static VethPair create() {
        TestNamespace runner = TestNamespace.create();
        TestNamespace peer = TestNamespace.create();
        try {
            // create inside the runner namespace, so the host never sees the link
            runner.exec("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", peer.name());
            runner.exec("ip", "addr", "add", RUNNER_V4 + "/24", "dev", "veth0");
            runner.exec("ip", "addr", "add", RUNNER_V6 + "/64", "dev", "veth0", "nodad");
            runner.exec("ip", "link", "set", "veth0", "up");
            peer.exec("ip", "addr", "add", PEER_V4 + "/24", "dev", "veth1");
            peer.exec("ip", "addr", "add", PEER_V6 + "/64", "dev", "veth1", "nodad");
            peer.exec("ip", "link", "set", "veth1", "up");
            return new VethPair(runner, peer);
        } catch (RuntimeException | Error e) {
            runner.close();
            peer.close();
            throw e;
        }
    }

    public TestNamespace runner() {
        return runner;
    }

    public TestNamespace peer() {
        return peer;
    }

    /** The interface index of the runner's end (veth0), as the kernel reports it in the runner namespace. */
    public int runnerIfindex() {
        return Integer.parseInt(runner.exec("cat", "/sys/class/net/veth0/ifindex").trim());
    }

    public static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        runner.close();
        peer.close();
    }
}
