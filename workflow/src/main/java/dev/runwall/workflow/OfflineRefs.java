package dev.runwall.workflow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refs read from a JSON file ({@code --refs}): {@code {"owner/repo": {"tags": {"v1": "<sha>"},
 * "branches": {"main": "<sha>"}}}}. No network.
 */
public final class OfflineRefs implements RefSource {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private final Map<String, RepoRefs> repos;
    private final String origin;

    private OfflineRefs(Map<String, RepoRefs> repos, String origin) {
        this.repos = Map.copyOf(repos);
        this.origin = origin;
    }

    public static OfflineRefs load(Path file) throws IOException, InvalidRefsFileException {
        return parse(Files.readString(file), file.toString());
    }

    public static OfflineRefs parse(String json, String origin) throws InvalidRefsFileException {
        JsonNode root;
        try {
            ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build());
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidRefsFileException(origin + ":" + line + ": not valid JSON: " + JsonCodec.problem(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRefsFileException(origin + ": expected a JSON object mapping \"owner/repo\" to its refs");
        }
        Map<String, RepoRefs> repos = new HashMap<>();
        for (Map.Entry<String, JsonNode> repo : root.properties()) {
            String name = repo.getKey();
            if (!REPO.matcher(name).matches()) {
                throw new InvalidRefsFileException(origin + ": key \"" + name + "\" is not of the form owner/repo");
            }
            JsonNode body = repo.getValue();
            if (!body.isObject()) {
                throw new InvalidRefsFileException(origin + ": \"" + name + "\" must be an object with \"tags\" and \"branches\"");
            }
            repos.put(name.toLowerCase(Locale.ROOT), new RepoRefs(
                    shaMap(body.get("tags"), origin, name + ".tags"),
                    shaMap(body.get("branches"), origin, name + ".branches")));
        }
        return new OfflineRefs(repos, origin);
    }

    private static Map<String, String> shaMap(JsonNode node, String origin, String where) throws InvalidRefsFileException {
        Map<String, String> out = new HashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidRefsFileException(origin + ": \"" + where + "\" must be an object of name to commit SHA");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String sha = e.getValue().isTextual() ? e.getValue().asText().toLowerCase(Locale.ROOT) : "";
            if (!SHA.matcher(sha).matches()) {
                throw new InvalidRefsFileException(origin + ": \"" + where + "." + e.getKey()
                        + "\" must be a 40-hex commit SHA");
            }
            out.put(e.getKey(), sha);
        }
        return out;
    }

    @Override
    public RepoRefs refs(String ownerRepo) throws RefResolutionException {
        RepoRefs refs = repos.get(ownerRepo.toLowerCase(Locale.ROOT));
        if (refs == null) {
            throw new RefResolutionException(ownerRepo + " is not in " + origin + "; add its tags and branches there");
        }
        return refs;
    }
}
