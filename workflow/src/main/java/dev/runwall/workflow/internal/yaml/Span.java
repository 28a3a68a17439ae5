package dev.runwall.workflow.internal.yaml;

/**
 * Where a node sits in the original text, as char offsets: {@code start} includes its anchor and tag,
 * {@code valueStart} is where its content begins, {@code end} is just past its last character.
 * {@code line} and {@code column} are 1-based and point at {@code valueStart}.
 */
public record Span(int start, int valueStart, int end, int line, int column) {
    public Span {
        if (start < 0 || valueStart < start || end < valueStart) {
            throw new IllegalArgumentException("bad span " + start + "/" + valueStart + "/" + end);
        }
    }
}
