package dev.runwall.workflow.internal.patch;

/** Replace the chars {@code [start, end)} of the original text by {@code replacement} (insert when equal). */
public record TextEdit(int start, int end, String replacement) {
    public TextEdit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad edit range " + start + ".." + end);
        }
    }

    public static TextEdit insert(int at, String text) {
        return new TextEdit(at, at, text);
    }
}
