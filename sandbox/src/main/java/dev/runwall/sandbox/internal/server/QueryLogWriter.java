package dev.runwall.sandbox.internal.server;

import dev.runwall.sandbox.LoggedQuery;
import dev.runwall.sandbox.internal.AddressText;
import dev.runwall.sandbox.internal.dns.Reply;
import dev.runwall.sandbox.internal.dns.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Appends one JSON line per query, synchronously with one write each: a line is in the file before its
 * answer leaves, which is what lets a test prove that a name never reached the internet.
 */
public final class QueryLogWriter implements QueryRecorder, AutoCloseable {
    private final FileChannel channel;
    private final QueryLogCodec codec = new QueryLogCodec();

    public QueryLogWriter(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void record(Reply reply, Transport transport, InetSocketAddress server, InetSocketAddress client) {
        if (reply.question().isEmpty()) {
            return; // not a query we could read: nothing to name
        }
        Record q = reply.question().get();
        String name = q.getName().labels() <= 1 ? "." : q.getName().toString(true);
        byte[] line = codec.encode(new LoggedQuery(Instant.now(), name, Type.string(q.getType()), transport.label(),
                AddressText.of(server.getAddress()), AddressText.of(client.getAddress()),
                reply.dropped() ? "DROPPED" : Rcode.string(reply.rcode())));
        try {
            channel.write(ByteBuffer.wrap(line)); // FileChannel serialises concurrent writes
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the query log", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
