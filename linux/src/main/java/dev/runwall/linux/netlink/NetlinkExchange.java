package dev.runwall.linux.netlink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Request/reply conversations on a {@link NetlinkSocket}: stamps a sequence number, sends, and
 * collects the kernel's replies with that sequence number, ignoring anything else that arrives on
 * the socket (multicast, replies to earlier requests, messages from user-space senders).
 *
 * <p>A refusal ({@code NLMSG_ERROR} with a non-zero code) becomes an {@link ErrnoException}; a
 * reply that does not arrive within the timeout becomes an {@link ErrnoException} with EAGAIN.
 */
public final class NetlinkExchange {
    private final NetlinkSocket socket;
    private final Duration timeout;

    public NetlinkExchange(NetlinkSocket socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /**
     * Sends {@code request} and returns the data replies once {@code complete} accepts the replies
     * collected so far and, if the request has {@link NetlinkMessage#F_ACK}, the acknowledgement has
     * arrived. Protocols that answer from another kernel thread (audit) may deliver the ACK before the
     * data, hence the predicate. Without F_ACK nothing else ends the wait, so {@code complete} must
     * reject an empty list (else this returns at once, with nothing); a refusal still ends it, as an
     * {@link ErrnoException}, since the kernel reports errors whether or not an ACK was asked for.
     */
    public List<NetlinkMessage> request(NetlinkMessageBuilder request, Predicate<List<NetlinkMessage>> complete)
            throws ErrnoException, NetlinkParseException {
        int sequence = socket.nextSequence();
        String what = describe(request);
        socket.send(request.build(sequence));
        List<NetlinkMessage> replies = new ArrayList<>();
        boolean acked = (request.flags() & NetlinkMessage.F_ACK) == 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!acked || !complete.test(replies)) {
            for (NetlinkMessage message : receiveFor(sequence, deadline, what)) {
                if (message.isError()) {
                    int error = errorCode(message);
                    if (error != 0) {
                        throw new ErrnoException(what, -error);
                    }
                    acked = true;
                } else if (!message.isDone()) {
                    replies.add(message);
                }
            }
        }
        return replies;
    }

    /** Sends a request with {@link NetlinkMessage#F_DUMP} and collects every reply up to {@code NLMSG_DONE}. */
    public List<NetlinkMessage> dump(NetlinkMessageBuilder request) throws ErrnoException, NetlinkParseException {
        int sequence = socket.nextSequence();
        String what = describe(request);
        socket.send(request.build(sequence));
        List<NetlinkMessage> replies = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (NetlinkMessage message : receiveFor(sequence, deadline, what)) {
                if (message.isDone()) {
                    return replies;
                }
                if (message.isError()) {
                    int error = errorCode(message);
                    if (error != 0) {
                        throw new ErrnoException(what, -error);
                    }
                } else {
                    replies.add(message);
                }
            }
        }
    }

    /**
     * Sends every request in one datagram (no {@link NetlinkMessage#F_ACK}, no {@link NetlinkMessage#F_DUMP}: each
     * is answered by exactly one message, data or {@code NLMSG_ERROR}) and returns, in request order, the message
     * that answered each. The kernel answers such requests while it handles the datagram, so the answers are
     * usually taken with one {@code recvmmsg}. An error answers only its own request: the caller reads it
     * ({@link NetlinkMessage#isError}, {@link #errorCode}).
     *
     * @throws ErrnoException when not every request is answered within the timeout, an answer is lost, or the
     *     socket is closed
     */
    public List<NetlinkMessage> requestAll(List<NetlinkMessageBuilder> requests)
            throws ErrnoException, NetlinkParseException {
        List<NetlinkMessage> answers = new ArrayList<>(java.util.Collections.nCopies(requests.size(), null));
        if (requests.isEmpty()) {
            return answers;
        }
        java.util.Map<Integer, Integer> bySequence = new java.util.HashMap<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(requests.size() * 96);
        for (int i = 0; i < requests.size(); i++) {
            int sequence = socket.nextSequence();
            bySequence.put(sequence, i);
            all.writeBytes(requests.get(i).build(sequence));
        }
        String what = requests.size() + " × " + describe(requests.getFirst());
        socket.send(all.toByteArray());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!bySequence.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ErrnoException(what + ": no complete reply within " + timeout.toMillis() + " ms", ErrnoException.EAGAIN);
            }
            for (ReceiveResult result : socket.receiveBatch(Duration.ofNanos(left))) {
                switch (result) {
                    case ReceiveResult.Datagram d when d.fromKernel() -> {
                        for (NetlinkMessage message : d.messages()) {
                            Integer index = bySequence.remove(message.sequence());
                            if (index != null) { // else the answer to an earlier, abandoned request
                                answers.set(index, message);
                            }
                        }
                    }
                    case ReceiveResult.Overrun overrun ->
                            throw new ErrnoException(what + ": reply lost (" + overrun.reason() + ")", ErrnoException.ENOBUFS);
                    case ReceiveResult.Closed closed -> throw new ErrnoException(what + ": socket closed", ErrnoException.EBADF);
                    default -> { }
                }
            }
        }
        return answers;
    }

    /** The (negative errno or zero) code at the start of an {@code NLMSG_ERROR} payload. */
    public static int errorCode(NetlinkMessage error) throws NetlinkParseException {
        return error.payloadReader().u32();
    }

    private List<NetlinkMessage> receiveFor(int sequence, long deadline, String what)
            throws ErrnoException, NetlinkParseException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ErrnoException(what + ": no complete reply within " + timeout.toMillis() + " ms", ErrnoException.EAGAIN);
            }
            ReceiveResult result = socket.receive(Duration.ofNanos(left));
            switch (result) {
                case ReceiveResult.Datagram d when d.fromKernel() -> {
                    List<NetlinkMessage> mine = new ArrayList<>();
                    for (NetlinkMessage message : d.messages()) {
                        if (message.sequence() == sequence) {
                            mine.add(message);
                        }
                    }
                    if (!mine.isEmpty()) {
                        return mine;
                    }
                }
                case ReceiveResult.Datagram ignored -> { }
                case ReceiveResult.Overrun overrun ->
                        throw new ErrnoException(what + ": reply lost (" + overrun.reason() + ")", ErrnoException.ENOBUFS);
                case ReceiveResult.TimedOut timedOut -> { }
                case ReceiveResult.Closed closed -> throw new ErrnoException(what + ": socket closed", ErrnoException.EBADF);
            }
        }
    }

    private String describe(NetlinkMessageBuilder request) {
        return "netlink request type " + request.type() + " on NETLINK_" + socket.protocol();
    }
}
