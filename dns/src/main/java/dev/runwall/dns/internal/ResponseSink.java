package dev.runwall.dns.internal;

import java.io.IOException;

/** Where the response to one query goes: a UDP datagram or a framed TCP message. */
@FunctionalInterface
public interface ResponseSink {
    void send(byte[] response) throws IOException;
}
