package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.internal.AddressText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

/**
 * A UDP port of the sandbox internet. A few virtual threads share the socket, each with its own
 * buffer: one receives while another answers, which keeps a DNS benchmark busy on every core.
 */
final class UdpListener implements Listener {

    /** Turns one datagram into the reply datagram, if any. */
    @FunctionalInterface
    interface Service {
        Optional<byte[]> handle(byte[] datagram, InetSocketAddress server, InetSocketAddress client);
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
                Optional<byte[]> reply = service.handle(datagram, address, client);
                if (reply.isPresent()) {
                    channel.send(ByteBuffer.wrap(reply.get()), client);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                System.err.println(describe() + ": " + e); // one bad datagram must not stop the port
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
