package dev.runwall.sandbox.internal.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The request line and headers of an HTTP/1.x request; header names lower-cased. */
record HttpRequestHead(String method, String target, String version, Map<String, String> headers) {
    static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    HttpRequestHead {
        headers = Map.copyOf(headers);
    }

    /** Reads up to the blank line that ends the head; the body (if any) stays in the stream. */
    static HttpRequestHead read(InputStream in) throws IOException, HttpParseException {
        var head = new java.io.ByteArrayOutputStream(512);
        int previous = -1;
        int lineLength = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new HttpParseException("the connection ended inside the request head");
            }
            if (head.size() >= MAX_HEAD_BYTES) {
                throw new HttpParseException("the request head is longer than " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            if (b == '\n') {
                if (lineLength == 0 || (lineLength == 1 && previous == '\r')) {
                    return parse(head.toString(StandardCharsets.ISO_8859_1));
                }
                lineLength = 0;
            } else {
                lineLength++;
            }
            previous = b;
        }
    }

    /** Parses a complete head (request line, header lines, blank line). */
    static HttpRequestHead parse(String head) throws HttpParseException {
        String[] lines = head.split("\r?\n", -1);
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || !TOKEN.matcher(request[0]).matches() || request[1].isEmpty()
                || !request[2].startsWith("HTTP/1.")) {
            throw new HttpParseException("the request line is not 'METHOD TARGET HTTP/1.x'");
        }
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon) : "";
            if (!TOKEN.matcher(name).matches()) {
                throw new HttpParseException("a header line is not 'Name: value'");
            }
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new HttpRequestHead(request[0], request[1], request[2], headers);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The host named by the Host header, without port or brackets, lower-cased. */
    Optional<String> hostName() {
        return header("host").map(h -> {
            String host = h.startsWith("[") && h.contains("]") ? h.substring(1, h.indexOf(']'))
                    : h.contains(":") ? h.substring(0, h.indexOf(':')) : h;
            host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            return host.toLowerCase(Locale.ROOT);
        });
    }
}
