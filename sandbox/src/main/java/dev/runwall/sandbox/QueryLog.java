package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.server.QueryLogCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the query log of a sandbox internet. The server writes a query's line before it sends the
 * answer, so once a client has its answer, the query is in the log: a test can read the log right after
 * a lookup, and a name that is absent never reached the internet.
 */
public final class QueryLog {
    private final Path file;

    public QueryLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Every query so far, oldest first (empty when the file does not exist yet). A line the server is
     * writing at this very moment (no newline yet) is left for the next call.
     */
    public List<LoggedQuery> entries() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the query log " + file, e);
        }
        var codec = new QueryLogCodec();
        var out = new ArrayList<LoggedQuery>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            String line = text.substring(start, end);
            if (!line.isBlank()) {
                out.add(codec.decode(line));
            }
        }
        return out;
    }

    /** The queries for one name (any case, trailing dot optional). */
    public List<LoggedQuery> queriesFor(String name) {
        return entries().stream().filter(q -> q.isFor(name)).toList();
    }

    /** Whether any query for the name reached the internet. */
    public boolean contains(String name) {
        return !queriesFor(name).isEmpty();
    }
}
