package dev.runwall.workflow.internal.refs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private final ObjectMapper json = new ObjectMapper();

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
        try {
            JsonNode root = json.readTree(Files.readString(file, StandardCharsets.UTF_8));
            long fetched = root.path("fetched").asLong(0);
            if (clock.millis() - fetched > ttl.toMillis() || fetched > clock.millis() + 60_000) {
                return Optional.empty();
            }
            return Optional.of(new RepoRefs(shas(root.path("tags")), shas(root.path("branches"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void put(String host, String ownerRepo, RepoRefs refs) {
        Path file = file(host, ownerRepo);
        if (file == null) {
            return;
        }
        ObjectNode root = json.createObjectNode();
        root.put("fetched", clock.millis());
        refs.tags().forEach(root.putObject("tags")::put);
        refs.branches().forEach(root.putObject("branches")::put);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".refs-", ".tmp");
            try {
                Files.writeString(tmp, json.writeValueAsString(root), StandardCharsets.UTF_8);
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

    private static Map<String, String> shas(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String sha = e.getValue().asText("");
            if (SHA.matcher(sha).matches()) {
                out.put(e.getKey(), sha);
            }
        }
        return out;
    }
}
