package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.internal.dns.Reply;
import dev.runwall.sandbox.internal.dns.Transport;
import java.net.InetSocketAddress;

/** Told about every answered query before its answer is sent. */
@FunctionalInterface
public interface QueryRecorder {
    QueryRecorder NONE = (reply, transport, server, client) -> {};

    void record(Reply reply, Transport transport, InetSocketAddress server, InetSocketAddress client);
}
