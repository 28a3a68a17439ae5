package dev.runwall.workflow.internal.patch;

import dev.runwall.workflow.internal.yaml.SourceText;

/** Comment lines directly above a line, at its indentation: they belong to what follows them. */
public final class CommentBlock {
    private CommentBlock() {}

    /**
     * Where the comment block above {@code lineStart} begins ({@code lineStart} when there is none). A
     * block that opens the file is the file's header, not the key's: it stays on top.
     */
    public static int start(SourceText source, int lineStart, int column) {
        int at = lineStart;
        while (at > 0) {
            int prev = source.lineStart(at - 1);
            String line = source.text().substring(prev, at).stripTrailing();
            String stripped = line.stripLeading();
            if (!stripped.startsWith("#") || line.length() - stripped.length() != column) {
                break;
            }
            at = prev;
        }
        return at == 0 || (at == 1 && source.text().startsWith("\uFEFF")) ? lineStart : at;
    }
}
