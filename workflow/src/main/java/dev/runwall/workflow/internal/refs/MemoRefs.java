package dev.runwall.workflow.internal.refs;

import dev.runwall.workflow.RefResolutionException;
import dev.runwall.workflow.RefSource;
import dev.runwall.workflow.RepoRefs;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Asks a {@link RefSource} once per repository per run, remembering failures too. */
public final class MemoRefs implements RefSource {
    private final RefSource source;
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    public MemoRefs(RefSource source) {
        this.source = source;
    }

    @Override
    public RepoRefs refs(String ownerRepo) throws RefResolutionException {
        String key = ownerRepo.toLowerCase(Locale.ROOT);
        Object known = seen.get(key);
        if (known == null) {
            try {
                known = source.refs(key);
            } catch (RefResolutionException e) {
                known = e;
            }
            seen.putIfAbsent(key, known);
        }
        if (known instanceof RefResolutionException e) {
            throw new RefResolutionException(e.getMessage(), e);
        }
        return (RepoRefs) known;
    }
}
