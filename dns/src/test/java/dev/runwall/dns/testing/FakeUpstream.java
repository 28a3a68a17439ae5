package dev.runwall.dns.testing;

import dev.runwall.dns.internal.listen.Listeners;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * An upstream DNS server for tests (UDP and TCP on one port) that answers from a {@link FakeZone} and can
 * misbehave on demand, in the spirit of OkHttp's MockWebServer and its SocketPolicy.
 */
public final class FakeUpstream implements AutoCloseable {

    /** How the server misbehaves. */
    public enum Fault {
        /** Answer correctly (truncating UDP answers larger than the client's size, like a real server). */
        NORMAL,
        /** Never answer. */
        DROP,
        /** Answer correctly after {@link #delay}, many at once. */
        DELAY,
        /** Answer SERVFAIL. */
        SERVFAIL,
        /** Answer REFUSED. */
        REFUSED,
        /** Over UDP, answer with TC set and nothing in it; over TCP, answer correctly. */
        TRUNCATE,
        /** Answer random bytes behind the right id. */
        GARBAGE,
        /** Answer with another id (an off-path forgery that guessed wrong). */
        WRONG_ID,
        /** Answer a different question under the right id. */
        WRONG_QUESTION,
        /** Over UDP, answer truncated; over TCP, close the connection without answering. */
        CLOSE_TCP
    }

    /** A query as the server saw it. */
    public record Received(String name, int type, String transport, boolean edns, int udpSize, boolean dnssecOk) {}

    private final FakeZone zone;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final InetSocketAddress address;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger delayed = new AtomicInteger();
    private final AtomicInteger maxDelayed = new AtomicInteger();
    private final Random random = new Random(42);
    private volatile Fault fault = Fault.NORMAL;
    private volatile Duration delay = Duration.ofMillis(300);
    private volatile java.util.concurrent.CountDownLatch gate;

    private FakeUpstream(FakeZone zone, Listeners.Bound bound) throws IOException {
        this.zone = zone;
        this.udp = bound.udp();
        this.tcp = bound.tcp();
        this.address = (InetSocketAddress) udp.getLocalAddress();
        Thread.ofPlatform().daemon().name("fake-upstream-udp").start(this::serveUdp);
        Thread.ofPlatform().daemon().name("fake-upstream-tcp").start(this::acceptTcp);
    }

    public static FakeUpstream start(InetSocketAddress bind, FakeZone zone) throws IOException {
        return new FakeUpstream(zone, Listeners.bind(bind));
    }

    /** The records served; tests may add to them before they ask. */
    public FakeZone zone() {
        return zone;
    }

    public InetSocketAddress address() {
        return address;
    }

    public FakeUpstream fault(Fault f) {
        this.fault = f;
        return this;
    }

    public FakeUpstream delay(Duration d) {
        this.delay = d;
        return this;
    }

    /**
     * With {@link Fault#DELAY}, UDP answers also wait (after the delay) until {@code opened} is counted down, or
     * 10 s: for a test that needs the answer to arrive only after something has happened in the proxy.
     */
    public FakeUpstream answerAfter(java.util.concurrent.CountDownLatch opened) {
        this.gate = opened;
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public boolean receivedName(String name) {
        return received.stream().anyMatch(r -> r.name().equalsIgnoreCase(name));
    }

    /** The most DELAY answers that were pending at the same time. */
    public int maxConcurrent() {
        return maxDelayed.get();
    }

    private void serveUdp() {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        while (udp.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = udp.receive(buffer);
                buffer.flip();
                byte[] wire = new byte[buffer.remaining()];
                buffer.get(wire);
                Message query = parseOrNull(wire);
                if (query == null) {
                    continue;
                }
                record(query, "udp");
                Fault f = fault;
                if (f == Fault.DELAY) {
                    Thread.ofVirtual().start(() -> answerLater(query, from));
                    continue;
                }
                byte[] answer = answerUdp(query, f);
                if (answer != null) {
                    udp.send(ByteBuffer.wrap(answer), from);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answerLater(Message query, SocketAddress to) {
        int now = delayed.incrementAndGet();
        maxDelayed.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(delay);
            java.util.concurrent.CountDownLatch g = gate;
            if (g != null) {
                g.await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            udp.send(ByteBuffer.wrap(answerUdp(query, Fault.NORMAL)), to);
        } catch (IOException | InterruptedException e) {
            // the test is over
        } finally {
            delayed.decrementAndGet();
        }
    }

    private byte[] answerUdp(Message query, Fault f) {
        Message answer = zone.answer(query);
        switch (f) {
            case DROP -> {
                return null;
            }
            case SERVFAIL, REFUSED -> {
                answer.removeAllRecords(Section.ANSWER);
                answer.removeAllRecords(Section.AUTHORITY);
                answer.getHeader().setRcode(f == Fault.SERVFAIL ? Rcode.SERVFAIL : Rcode.REFUSED);
            }
            case TRUNCATE, CLOSE_TCP -> {
                return truncated(answer);
            }
            case GARBAGE -> {
                byte[] junk = new byte[40];
                random.nextBytes(junk);
                junk[0] = (byte) (query.getHeader().getID() >>> 8);
                junk[1] = (byte) query.getHeader().getID();
                return junk;
            }
            case WRONG_ID -> answer.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
            case WRONG_QUESTION -> {
                Message other = zone.answer(dev.runwall.dns.Messages.query("other.dnsit.test", query.getQuestion().getType()));
                other.getHeader().setID(query.getHeader().getID());
                answer = other;
            }
            default -> { }
        }
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            answer.addRecord(new OPTRecord(4096, 0, 0, opt.getFlags() & ExtendedFlags.DO), Section.ADDITIONAL);
        }
        byte[] wire = answer.toWire();
        int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
        return wire.length > limit ? truncated(answer) : wire;
    }

    private static byte[] truncated(Message answer) {
        answer.removeAllRecords(Section.ANSWER);
        answer.removeAllRecords(Section.AUTHORITY);
        answer.removeAllRecords(Section.ADDITIONAL);
        answer.getHeader().setFlag(Flags.TC);
        return answer.toWire();
    }

    private void acceptTcp() {
        while (tcp.isOpen()) {
            try {
                SocketChannel ch = tcp.accept();
                Thread.ofVirtual().start(() -> serveTcp(ch.socket()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                Message query = parseOrNull(TestClient.read(in));
                if (query == null) {
                    return;
                }
                record(query, "tcp");
                Fault f = fault;
                if (f == Fault.CLOSE_TCP || f == Fault.DROP) {
                    return;
                }
                if (f == Fault.DELAY) {
                    Thread.sleep(delay);
                }
                Message answer = zone.answer(query);
                if (f == Fault.SERVFAIL) {
                    answer.getHeader().setRcode(Rcode.SERVFAIL);
                }
                TestClient.write(socket.getOutputStream(), answer.toWire());
            }
        } catch (IOException | InterruptedException e) {
            // client went away
        }
    }

    private void record(Message query, String transport) {
        OPTRecord opt = query.getOPT();
        received.add(new Received(query.getQuestion().getName().toString(true), query.getQuestion().getType(), transport,
                opt != null, opt == null ? 0 : opt.getPayloadSize(),
                opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0));
    }

    private static Message parseOrNull(byte[] wire) {
        try {
            Message m = new Message(wire);
            return m.getQuestion() == null ? null : m;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
