package dev.runwall.dns.internal.upstream;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** One query per TCP connection (RFC 7766 framing), for answers that did not fit in UDP. */
public final class TcpUpstreamClient {

    /** Sends {@code query} over a new connection and reads one framed answer, all within {@code timeout}. */
    public byte[] exchange(InetSocketAddress upstream, byte[] query, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(upstream, remainingMillis(deadline, upstream));
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            byte[] framed = new byte[query.length + 2];
            framed[0] = (byte) (query.length >>> 8);
            framed[1] = (byte) query.length;
            System.arraycopy(query, 0, framed, 2, query.length);
            out.write(framed);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            socket.setSoTimeout(remainingMillis(deadline, upstream));
            int length = in.readUnsignedShort();
            byte[] answer = new byte[length];
            int read = 0;
            while (read < length) {
                socket.setSoTimeout(remainingMillis(deadline, upstream));
                int n = in.read(answer, read, length - read);
                if (n < 0) {
                    throw new EOFException("connection to " + UdpUpstreamClient.format(upstream)
                            + " closed after " + read + " of " + length + " bytes");
                }
                read += n;
            }
            return answer;
        }
    }

    private static int remainingMillis(long deadline, InetSocketAddress upstream) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("no answer from " + UdpUpstreamClient.format(upstream) + " over TCP in time");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
