package dev.runwall.linux.nflog;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkExchange;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
import dev.runwall.linux.netlink.ReceiveResult;
import dev.runwall.linux.netns.NetworkNamespaces;
import dev.runwall.linux.nflog.internal.LossCounter;
import dev.runwall.linux.nflog.internal.NflogMessageParser;
import dev.runwall.linux.nflog.internal.NflogProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads the packets that nftables rules {@code log group N …} send to one NFLOG group.
 *
 * <pre>{@code
 * try (NflogReader reader = NflogReader.open(7)) {
 *     Thread.ofPlatform().start(() -> reader.run(events::add));   // blocks until close()
 *     …
 * }   // close() stops run() at once
 * }</pre>
 *
 * <p>One group has one reader per network namespace: opening a group that another socket
 * (ulogd, another agent) holds fails with EPERM. The group is released when the reader
 * closes (or its process dies).
 *
 * <p><b>Loss.</b> {@link #lostMessages()} counts messages the kernel could not deliver (from the
 * group's sequence numbers and ENOBUFS); {@link #malformedMessages()} counts messages that did not
 * decode. Neither stops the reader.
 */
public final class NflogReader implements AutoCloseable {
    private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(5);

    private final NetlinkSocket socket;
    private final int group;
    private final LossCounter loss = new LossCounter();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    private NflogReader(NetlinkSocket socket, int group) {
        this.socket = socket;
        this.group = group;
    }

    /** Binds {@code group} in the calling thread's network namespace with the default options. */
    public static NflogReader open(int group) throws ErrnoException {
        return bind(NetlinkSocket.open(NetlinkProtocol.NETFILTER), group, NflogOptions.DEFAULTS);
    }

    /** Binds {@code group} in the network namespace of {@code namespaceFile}. */
    public static NflogReader openIn(Path namespaceFile, int group, NflogOptions options) throws ErrnoException {
        return bind(NetworkNamespaces.openSocketIn(namespaceFile, NetlinkProtocol.NETFILTER), group, options);
    }

    public static NflogReader open(int group, NflogOptions options) throws ErrnoException {
        return bind(NetlinkSocket.open(NetlinkProtocol.NETFILTER), group, options);
    }

    private static NflogReader bind(NetlinkSocket socket, int group, NflogOptions options) throws ErrnoException {
        if (group < 0 || group > 0xffff) {
            socket.close();
            throw new IllegalArgumentException("NFLOG group must be 0..65535: " + group);
        }
        try {
            socket.setReceiveBufferSize(options.receiveBufferBytes());
            NetlinkExchange exchange = new NetlinkExchange(socket, CONFIG_TIMEOUT);
            try {
                exchange.request(NflogProtocol.bind(group), replies -> true);
            } catch (ErrnoException e) {
                // the kernel answers EPERM both for a group bound by another socket and for a missing capability
                throw e.errno() == ErrnoException.EPERM
                        ? new ErrnoException("bind NFLOG group " + group + " (either another process, e.g. ulogd or a"
                                + " second agent, already reads this group: choose another group; or this process lacks"
                                + " CAP_NET_ADMIN)", e.errno())
                        : new ErrnoException("bind NFLOG group " + group + " (is nfnetlink_log available in this kernel,"
                                + " CONFIG_NETFILTER_NETLINK_LOG?)", e.errno());
            }
            exchange.request(NflogProtocol.configure(group, options.copyRange(), options.queueThreshold(),
                    options.flushTimeoutCentis(), Math.max(options.copyRange() * 4, 16384)), replies -> true);
            return new NflogReader(socket, group);
        } catch (ErrnoException e) {
            socket.close();
            throw e;
        } catch (NetlinkParseException e) {
            socket.close();
            throw new ErrnoException("configure NFLOG group " + group + ": malformed reply (" + e.getMessage() + ")",
                    ErrnoException.EINVAL);
        }
    }

    public int group() {
        return group;
    }

    /**
     * Delivers every logged packet to {@code sink}, in order, until {@link #close()} is called.
     * Runs on the calling thread, which must be a platform thread (it blocks in a native call).
     *
     * @throws ErrnoException only when the socket fails for another reason than overrun or close
     */
    public void run(Consumer<NflogPacket> sink) throws ErrnoException {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("NflogReader.run blocks in a native call: run it on a platform thread");
        }
        while (true) {
            ReceiveResult result = socket.receive(null);
            switch (result) {
                case ReceiveResult.Datagram datagram when datagram.fromKernel() -> deliver(datagram, sink);
                case ReceiveResult.Datagram ignored -> { }
                case ReceiveResult.Overrun overrun -> loss.overrun();
                case ReceiveResult.TimedOut timedOut -> { }
                case ReceiveResult.Closed closed -> {
                    return;
                }
            }
        }
    }

    private void deliver(ReceiveResult.Datagram datagram, Consumer<NflogPacket> sink) {
        Instant receivedAt = Instant.now();
        java.util.List<NetlinkMessage> messages;
        try {
            messages = datagram.messages();
        } catch (NetlinkParseException e) {
            malformed.incrementAndGet();
            return;
        }
        for (NetlinkMessage message : messages) {
            if (!NflogMessageParser.isPacket(message)) {
                continue;
            }
            NflogPacket packet;
            try {
                packet = NflogMessageParser.parse(message, receivedAt);
            } catch (NetlinkParseException e) {
                malformed.incrementAndGet();
                continue;
            }
            loss.delivered(packet.sequence());
            packets.incrementAndGet();
            sink.accept(packet);
        }
    }

    /** Packets delivered to the sink so far. */
    public long receivedPackets() {
        return packets.get();
    }

    /** Messages the kernel logged but could not deliver (a lower bound, see the class comment). */
    public long lostMessages() {
        return loss.lost();
    }

    /** Messages that arrived but did not decode. */
    public long malformedMessages() {
        return malformed.get();
    }

    /** Stops {@link #run} and releases the group. */
    @Override
    public void close() {
        socket.close();
    }
}
