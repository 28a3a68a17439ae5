package dev.runwall.sandbox.internal.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for DNS over TLS (853) or HTTPS (443) on an extra resolver: it accepts the connection and
 * writes one line. Bypass tests only need to know whether a connection got through.
 */
final class Banner implements TcpListener.Service {
    private final byte[] line;

    Banner(String line) {
        this.line = (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void serve(Socket socket) throws IOException {
        socket.getOutputStream().write(line);
        Connections.finish(socket);
    }
}
