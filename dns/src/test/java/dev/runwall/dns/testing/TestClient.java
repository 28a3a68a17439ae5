package dev.runwall.dns.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.xbill.DNS.Message;

/** A bare DNS client: one query, one answer, no retries and no fallback, so tests see exactly what came back. */
public final class TestClient {
    private TestClient() {}

    public static Message udp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        return new Message(udpRaw(server, query.toWire(), timeout));
    }

    public static byte[] udpRaw(InetSocketAddress server, byte[] query, Duration timeout) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout((int) timeout.toMillis());
            s.send(new DatagramPacket(query, query.length, server));
            byte[] buffer = new byte[65_535];
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            s.receive(p);
            byte[] answer = new byte[p.getLength()];
            System.arraycopy(buffer, 0, answer, 0, p.getLength());
            return answer;
        }
    }

    public static Message tcp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            write(s.getOutputStream(), query.toWire());
            return new Message(read(new DataInputStream(s.getInputStream())));
        }
    }

    public static void write(OutputStream out, byte[] wire) throws IOException {
        byte[] framed = new byte[wire.length + 2];
        framed[0] = (byte) (wire.length >>> 8);
        framed[1] = (byte) wire.length;
        System.arraycopy(wire, 0, framed, 2, wire.length);
        out.write(framed);
        out.flush();
    }

    public static byte[] read(DataInputStream in) throws IOException {
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        return answer;
    }
}
