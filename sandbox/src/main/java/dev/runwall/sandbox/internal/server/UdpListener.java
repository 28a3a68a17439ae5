package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.internal.AddressText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * A UDP port of the sandbox internet. A few virtual threads share the socket, each with its own
 * buffer: one receives while another answers, which keeps a DNS benchmark busy on every core.
 */
final class UdpListener implements Listener {

    /** Turns one datagram into the reply datagram, if any. */
    @FunctionalInterface
    interface Service {
        Optional<Outgoing> handle(byte[] datagram, InetSocketAddress server, InetSocketAddress client);
    }

    /** A datagram to send back, now or after a delay. */
    record Outgoing(byte[] datagram, Duration delay) {
        static Outgoing now(byte[] datagram) {
            return new Outgoing(datagram, Duration.ZERO);
        }
    }

    private static final int MAX_DATAGRAM = 65_535;
    private final DatagramChannel channel;
    private final InetSocketAddress address;
    private final Service service;
    private final String label;
    private final int threads;

    UdpListener(InetSocketAddress address, String label, int threads, Service service) throws IOException {
        this.channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        this.channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        this.channel.bind(address);
        this.address = address;
        this.service = service;
        this.label = label;
        this.threads = threads;
    }

    @Override
    public void start() {
        for (int i = 0; i < threads; i++) {
            Thread.ofVirtual().name(describe() + " #" + i).start(this::receiveLoop);
        }
    }

    @Override
    public String describe() {
        return label + " udp " + AddressText.of(address.getAddress()) + " port " + address.getPort();
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                var client = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                byte[] datagram = new byte[buffer.remaining()];
                buffer.get(datagram);
                Optional<Outgoing> reply = service.handle(datagram, address, client);
                if (reply.isPresent() && reply.get().delay().isZero()) {
                    channel.send(ByteBuffer.wrap(reply.get().datagram()), client);
                } else if (reply.isPresent()) {
                    Thread.ofVirtual().start(() -> sendLater(reply.get(), client));
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                System.err.println(describe() + ": " + e); // one bad datagram must not stop the port
            }
        }
    }

    /** A delayed answer waits on its own thread, so the port keeps serving meanwhile. */
    private void sendLater(Outgoing reply, InetSocketAddress client) {
        try {
            Thread.sleep(reply.delay());
            channel.send(ByteBuffer.wrap(reply.datagram()), client);
        } catch (InterruptedException | IOException e) {
            // shutting down, or the port closed: the answer is simply lost, as a slow one may be
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
