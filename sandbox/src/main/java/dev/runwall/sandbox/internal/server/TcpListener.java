package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.internal.AddressText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP port of the sandbox internet: one virtual thread accepts, one per connection serves. */
final class TcpListener implements Listener {

    /** What happens on one accepted connection; the listener closes the socket afterwards. */
    @FunctionalInterface
    interface Service {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Service service;
    private final String label;

    /** Binds at once, so that every port is taken before the server reports ready. */
    TcpListener(InetSocketAddress address, String label, Service service) throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(address, 1024);
        this.service = service;
        this.label = label;
    }

    @Override
    public void start() {
        Thread.ofVirtual().name("accept " + describe()).start(this::acceptLoop);
    }

    @Override
    public String describe() {
        return label + " tcp " + AddressText.of(server.getInetAddress()) + " port " + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println(describe() + ": accept failed: " + e);
                }
                continue;
            }
            Thread.ofVirtual().start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            service.serve(socket);
        } catch (IOException e) {
            // the client went away or timed out: normal for a test host
        } catch (RuntimeException e) {
            System.err.println(describe() + ": " + e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
