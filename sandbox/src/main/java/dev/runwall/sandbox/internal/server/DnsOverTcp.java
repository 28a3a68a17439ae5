package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.internal.dns.Authority;
import dev.runwall.sandbox.internal.dns.Reply;
import dev.runwall.sandbox.internal.dns.Transport;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/** DNS over TCP (RFC 7766): length-prefixed messages, several per connection, closed when idle. */
final class DnsOverTcp implements TcpListener.Service {
    private static final int IDLE_TIMEOUT_MILLIS = 10_000;
    private final Authority authority;
    private final QueryRecorder recorder;

    DnsOverTcp(Authority authority, QueryRecorder recorder) {
        this.authority = authority;
        this.recorder = recorder;
    }

    @Override
    public void serve(Socket socket) throws IOException {
        socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        var in = new DataInputStream(socket.getInputStream());
        var out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        var server = (InetSocketAddress) socket.getLocalSocketAddress();
        var client = (InetSocketAddress) socket.getRemoteSocketAddress();
        while (true) {
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return;
            }
            byte[] query = new byte[length];
            in.readFully(query);
            Optional<Reply> reply = authority.respond(query, Transport.TCP);
            if (reply.isEmpty()) {
                return;
            }
            recorder.record(reply.get(), Transport.TCP, server, client);
            if (reply.get().dropped()) {
                return; // a dropped query over TCP: the connection closes without an answer
            }
            if (!reply.get().delay().isZero()) {
                try {
                    Thread.sleep(reply.get().delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.writeShort(reply.get().wire().length);
            out.write(reply.get().wire());
            out.flush();
        }
    }
}
