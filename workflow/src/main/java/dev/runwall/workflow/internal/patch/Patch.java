package dev.runwall.workflow.internal.patch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Text edits on one original text, each with the change to the document it is meant to make. */
public final class Patch {
    private final List<TextEdit> edits = new ArrayList<>();
    private final List<ExpectedChange> changes = new ArrayList<>();

    public void add(ExpectedChange change, TextEdit... textEdits) {
        changes.add(change);
        edits.addAll(List.of(textEdits));
    }

    /** A text edit that does not change the document (a comment). */
    public void addCommentEdit(TextEdit edit) {
        edits.add(edit);
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    public List<ExpectedChange> changes() {
        return List.copyOf(changes);
    }

    /** Why the edits cannot be applied together (two of them overlap), or empty. */
    public Optional<String> conflict() {
        List<TextEdit> sorted = sorted();
        for (int i = 1; i < sorted.size(); i++) {
            TextEdit a = sorted.get(i - 1);
            TextEdit b = sorted.get(i);
            if (a.end() > b.start()) {
                return Optional.of("edits overlap at char " + b.start());
            }
        }
        return Optional.empty();
    }

    /** The original text with every edit applied; call {@link #conflict()} first. */
    public String apply(String original) {
        if (conflict().isPresent()) {
            throw new IllegalStateException(conflict().get());
        }
        StringBuilder out = new StringBuilder(original.length() + 256);
        int pos = 0;
        for (TextEdit e : sorted()) {
            if (e.end() > original.length()) {
                throw new IllegalStateException("edit beyond the end of the text");
            }
            out.append(original, pos, e.start()).append(e.replacement());
            pos = e.end();
        }
        return out.append(original, pos, original.length()).toString();
    }

    private List<TextEdit> sorted() {
        List<TextEdit> sorted = new ArrayList<>(edits);
        // stable: insertions at one offset keep the order they were added in, and come before a replacement there
        sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparing(e -> e.end() > e.start()));
        return sorted;
    }
}
