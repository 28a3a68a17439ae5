package dev.runwall.sandbox.internal.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runwall.sandbox.LoggedQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The JSON-lines form of {@link LoggedQuery}: the one place that knows the field names. */
public final class QueryLogCodec {
    private final JsonFactory factory = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper(factory);

    /** One line, newline included. */
    public byte[] encode(LoggedQuery q) {
        var out = new ByteArrayOutputStream(192);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", q.time().toString());
            g.writeStringField("name", q.name());
            g.writeStringField("type", q.type());
            g.writeStringField("transport", q.transport());
            g.writeStringField("server", q.server());
            g.writeStringField("client", q.client());
            g.writeStringField("rcode", q.rcode());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        out.write('\n');
        return out.toByteArray();
    }

    public LoggedQuery decode(String line) {
        try {
            JsonNode n = mapper.readTree(line);
            return new LoggedQuery(Instant.parse(n.path("time").asText()), n.path("name").asText(),
                    n.path("type").asText(), n.path("transport").asText(), n.path("server").asText(),
                    n.path("client").asText(), n.path("rcode").asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("not a query log line: " + line, e);
        }
    }
}
