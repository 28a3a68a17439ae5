package dev.runwall.workflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tags and branches of one repository, each mapped to the commit it points at (annotated and
 * nested tags already peeled to their commit).
 */
public record RepoRefs(Map<String, String> tags, Map<String, String> branches) {
    private static final Pattern VERSION = Pattern.compile("v?\\d+(\\.\\d+)*([-+][0-9A-Za-z.-]+)?");

    public RepoRefs {
        tags = Map.copyOf(tags);
        branches = Map.copyOf(branches);
    }

    /** A ref name resolved the way GitHub resolves {@code uses: owner/repo@ref}: tags first, then branches. */
    public Optional<Resolved> resolve(String ref) {
        String tagSha = tags.get(ref);
        if (tagSha != null) {
            return Optional.of(new Resolved(tagSha, mostSpecificTag(tagSha, ref).orElse(ref), false));
        }
        String branchSha = branches.get(ref);
        if (branchSha != null) {
            return Optional.of(new Resolved(branchSha, ref, true));
        }
        return Optional.empty();
    }

    /** A ref resolved to its commit, with the name for the version comment. */
    public record Resolved(String sha, String comment, boolean branch) {}

    /**
     * The most specific tag on {@code sha}: the version with the most components ({@code v4.2.2} over
     * {@code v4}); tags that are versions win over other names. {@code preferred} wins ties.
     */
    public Optional<String> mostSpecificTag(String sha, String preferred) {
        List<String> onCommit = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
            if (e.getValue().equals(sha)) {
                onCommit.add(e.getKey());
            }
        }
        return onCommit.stream().max(Comparator.comparingInt(RepoRefs::specificity)
                .thenComparing(t -> t.equals(preferred))
                .thenComparing(Comparator.comparing(String::length).reversed()));
    }

    /** True when {@code name} is a tag or branch of this repository pointing at {@code sha}. */
    public boolean names(String name, String sha) {
        return sha.equals(tags.get(name)) || sha.equals(branches.get(name));
    }

    public boolean knows(String name) {
        return tags.containsKey(name) || branches.containsKey(name);
    }

    /** True when {@code name} looks like a version ({@code v1}, {@code 2.3.4}, {@code v1.0.0-rc.1}). */
    public static boolean looksLikeVersion(String name) {
        return VERSION.matcher(name).matches();
    }

    private static int specificity(String tag) {
        if (!looksLikeVersion(tag)) {
            return 0;
        }
        int components = 1;
        for (int i = 0; i < tag.length() && tag.charAt(i) != '-' && tag.charAt(i) != '+'; i++) {
            if (tag.charAt(i) == '.') {
                components++;
            }
        }
        return components * 2 + (tag.contains("-") ? 0 : 1);
    }
}
