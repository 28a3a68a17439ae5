package dev.runwall.workflow.internal.refs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.runwall.workflow.RepoRefs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refs on disk, one JSON file per repository ({@code <dir>/<host>/<owner>/<repo>.json}), fresh for
 * {@code ttl}. A damaged or foreign file is a miss, never an error.
 */
public final class RefCache {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]+");
    private final Path dir;
    private final Duration ttl;
    private final Clock clock;
    private static final JsonFactory STREAMING = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build()).build();

    public RefCache(Path dir, Duration ttl, Clock clock) {
        this.dir = dir;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Optional<RepoRefs> get(String host, String ownerRepo) {
        Path file = file(host, ownerRepo);
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        // the streaming parser: a warm run reads hundreds of these, and databind costs start-up time
        try (JsonParser p = STREAMING.createParser(Files.readAllBytes(file))) {
            long fetched = 0;
            Map<String, String> tags = new HashMap<>();
            Map<String, String> branches = new HashMap<>();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("fetched") && value == JsonToken.VALUE_NUMBER_INT) {
                    fetched = p.getLongValue();
                } else if ((field.equals("tags") || field.equals("branches")) && value == JsonToken.START_OBJECT) {
                    readShas(p, field.equals("tags") ? tags : branches);
                } else {
                    p.skipChildren();
                }
            }
            if (clock.millis() - fetched > ttl.toMillis() || fetched > clock.millis() + 60_000) {
                return Optional.empty();
            }
            return Optional.of(new RepoRefs(tags, branches));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void readShas(JsonParser p, Map<String, String> into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_STRING && SHA.matcher(p.getText()).matches()) {
                into.put(name, p.getText());
            } else {
                p.skipChildren();
            }
        }
    }

    public void put(String host, String ownerRepo, RepoRefs refs) {
        Path file = file(host, ownerRepo);
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".refs-", ".tmp");
            try {
                Files.writeString(tmp, toJson(refs), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // a cache that cannot be written only costs a request next time
        }
    }

    private Path file(String host, String ownerRepo) {
        String[] parts = ownerRepo.toLowerCase(Locale.ROOT).split("/");
        String h = host.toLowerCase(Locale.ROOT);
        if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()
                || !NAME.matcher(h).matches() || parts[0].startsWith(".") || parts[1].startsWith(".")) {
            return null;
        }
        return dir.resolve(h).resolve(parts[0]).resolve(parts[1] + ".json");
    }

    private String toJson(RepoRefs refs) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator g = STREAMING.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("fetched", clock.millis());
            for (String kind : new String[] {"tags", "branches"}) {
                g.writeObjectFieldStart(kind);
                for (Map.Entry<String, String> e : (kind.equals("tags") ? refs.tags() : refs.branches()).entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return out.toString();
    }
}
