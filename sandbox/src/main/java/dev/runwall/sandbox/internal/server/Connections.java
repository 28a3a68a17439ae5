package dev.runwall.sandbox.internal.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** Ending a TCP connection so the client reads everything we wrote. */
final class Connections {
    private static final int DRAIN_MILLIS = 2_000;
    private static final int DRAIN_BYTES = 1 << 20;

    /**
     * Half-closes, then reads what the client still sends (briefly): closing with unread input makes
     * the kernel send a reset, which can destroy the response before the client has read it.
     */
    static void finish(Socket socket) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(DRAIN_MILLIS);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[8192];
        int total = 0;
        int n;
        while (total < DRAIN_BYTES && (n = in.read(sink)) >= 0) {
            total += n;
        }
    }

    private Connections() {}
}
