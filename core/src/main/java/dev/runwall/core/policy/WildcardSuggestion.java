package dev.runwall.core.policy;

import java.util.List;

/**
 * A wildcard entry that would replace several sibling names.
 *
 * @param pattern e.g. {@code *.cdn.example.com:443}
 * @param covers the entries of the merged policy it replaces
 */
public record WildcardSuggestion(String pattern, List<String> covers) {
    public WildcardSuggestion {
        covers = List.copyOf(covers);
    }
}
