package dev.runwall.dns.internal.listen;

import dev.runwall.dns.Transport;
import dev.runwall.dns.internal.ProxyCounters;
import dev.runwall.dns.internal.QueryPipeline;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * One TCP listen socket (RFC 7766): a platform thread accepts, each connection is read on a worker thread,
 * and the queries it carries are answered concurrently (possibly out of order, as the RFC allows).
 */
public final class TcpServer implements AutoCloseable {
    /** Queries of one connection handled at once; more wait for a slot, which slows that client only. */
    private static final int PER_CONNECTION = 32;

    private final ServerSocketChannel server;
    private final InetSocketAddress local;
    private final QueryPipeline pipeline;
    private final Executor workers;
    private final Semaphore clients;
    private final Duration idleTimeout;
    private final ProxyCounters counters;
    private final Thread acceptor;

    public TcpServer(ServerSocketChannel server, QueryPipeline pipeline, Executor workers, Semaphore clients,
            Duration idleTimeout, ProxyCounters counters) throws IOException {
        this.server = server;
        this.local = (InetSocketAddress) server.getLocalAddress();
        this.pipeline = pipeline;
        this.workers = workers;
        this.clients = clients;
        this.idleTimeout = idleTimeout;
        this.counters = counters;
        this.acceptor = Thread.ofPlatform().daemon().name("dns-tcp-" + Listeners.format(local)).start(this::accept);
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue; // e.g. the client reset before accept; or out of descriptors for a moment
            }
            if (!clients.tryAcquire()) {
                counters.overloaded.increment();
                closeQuietly(channel.socket());
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        serve(channel.socket());
                    } finally {
                        clients.release();
                    }
                });
            } catch (RuntimeException e) { // rejected: the proxy is closing
                clients.release();
                closeQuietly(channel.socket());
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Semaphore slots = new Semaphore(PER_CONNECTION);
        InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
        try {
            socket.setSoTimeout((int) idleTimeout.toMillis());
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] wire = readMessage(in);
                if (wire == null) {
                    break;
                }
                slots.acquire();
                workers.execute(() -> {
                    try {
                        pipeline.handle(wire, Transport.TCP, client, local, response -> write(out, response));
                    } finally {
                        slots.release();
                    }
                });
            }
            slots.acquire(PER_CONNECTION); // let answers in progress go out before closing
        } catch (IOException | RuntimeException e) {
            // idle timeout, reset, or the proxy is closing: the connection ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    /** The next framed message, or null at a clean end of stream. */
    private static byte[] readMessage(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readUnsignedShort();
        } catch (EOFException e) {
            return null;
        }
        byte[] wire = new byte[length];
        in.readFully(wire);
        return wire;
    }

    private static void write(OutputStream out, byte[] response) throws IOException {
        byte[] framed = new byte[response.length + 2];
        framed[0] = (byte) (response.length >>> 8);
        framed[1] = (byte) response.length;
        System.arraycopy(response, 0, framed, 2, response.length);
        synchronized (out) {
            out.write(framed);
            out.flush();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.join(1000);
    }
}
