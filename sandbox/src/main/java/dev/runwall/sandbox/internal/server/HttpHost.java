package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.internal.AddressText;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test host's TCP port: any HTTP request gets {@code 200 OK} with the host's name as the body;
 * {@code GET /bytes/N} streams N bytes (throughput benchmarks). A TLS hello is closed without answer.
 */
final class HttpHost implements TcpListener.Service {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final long MAX_DISCARDED_BODY = 64L << 20;
    private static final long MAX_STREAMED = 1L << 40;
    private static final Pattern BYTES = Pattern.compile("/bytes/([0-9]{1,13})");
    private static final int TLS_HANDSHAKE = 0x16;

    private final List<String> names;
    private final byte[] chunk = new byte[64 * 1024];

    /** @param names the hosts that share this address, in zone order (the first answers by default) */
    HttpHost(List<String> names) {
        this.names = List.copyOf(names);
        Arrays.fill(chunk, (byte) 'x');
    }

    @Override
    public void serve(Socket socket) throws IOException {
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        var in = new PushbackInputStream(socket.getInputStream(), 1);
        int first = in.read();
        if (first < 0) {
            return;
        }
        if (first == TLS_HANDSHAKE) {
            Connections.finish(socket); // no TLS here: the client sees the connection close
            return;
        }
        in.unread(first);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), chunk.length);
        String client = AddressText.of(((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress());
        HttpRequestHead request;
        try {
            request = HttpRequestHead.read(in);
        } catch (HttpParseException e) {
            respond(out, "400 Bad Request", names.getFirst(), client, text("bad request: " + e.getMessage()), false);
            Connections.finish(socket);
            return;
        }
        if (request.header("expect").filter(v -> v.equalsIgnoreCase("100-continue")).isPresent()) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        discardBody(request, in);
        String host = request.hostName().filter(names::contains).orElse(names.getFirst());
        boolean head = request.method().equals("HEAD");
        Matcher bytes = BYTES.matcher(request.target());
        if (bytes.matches() && Long.parseLong(bytes.group(1)) <= MAX_STREAMED) {
            long n = Long.parseLong(bytes.group(1));
            header(out, "200 OK", host, client, n, "application/octet-stream");
            if (!head) {
                for (long left = n; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
        } else {
            respond(out, "200 OK", host, client, text(host), head);
        }
        out.flush();
        Connections.finish(socket);
    }

    private static byte[] text(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(OutputStream out, String status, String host, String client, byte[] body, boolean head)
            throws IOException {
        header(out, status, host, client, body.length, "text/plain; charset=utf-8");
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static void header(OutputStream out, String status, String host, String client, long length, String type)
            throws IOException {
        String head = "HTTP/1.1 " + status + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + "Connection: close\r\n"
                + "X-Runwall-Host: " + host + "\r\n"
                + "X-Runwall-Client: " + client + "\r\n"
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads a declared body so that closing the connection cannot reset the client's upload. */
    private static void discardBody(HttpRequestHead request, InputStream in) throws IOException {
        OptionalLong length = request.header("content-length").map(String::strip)
                .filter(v -> v.matches("[0-9]{1,18}")).map(v -> OptionalLong.of(Long.parseLong(v)))
                .orElse(OptionalLong.empty());
        long left = Math.min(length.orElse(0), MAX_DISCARDED_BODY);
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return;
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
