package dev.runwall.workflow.internal.yaml;

import dev.runwall.workflow.WorkflowParseException;
import java.util.Arrays;

/**
 * The original text of a file, with the conversions the YAML parser's marks need: the parser counts
 * code points, Java strings count UTF-16 units. Every offset coming from the parser goes through
 * {@link #charOffset(int)}, the one bounds check for parser positions.
 */
public final class SourceText {
    private final String text;
    private final int[] lineStarts;
    /** codePointToChar[i] = char offset of code point i; null when the text has no surrogate pairs. */
    private final int[] codePointToChar;
    private final int codePointCount;

    public SourceText(String text) {
        this.text = text;
        this.lineStarts = computeLineStarts(text);
        this.codePointCount = text.codePointCount(0, text.length());
        this.codePointToChar = codePointCount == text.length() ? null : computeCodePointMap(text, codePointCount);
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** The char offset of a parser index (code points), or a parse exception when it is out of range. */
    public int charOffset(int codePointIndex) throws WorkflowParseException {
        if (codePointIndex < 0 || codePointIndex > codePointCount) {
            throw new WorkflowParseException("position " + codePointIndex + " outside the file", 0, 0);
        }
        if (codePointToChar == null) {
            return codePointIndex;
        }
        return codePointIndex == codePointCount ? text.length() : codePointToChar[codePointIndex];
    }

    /** 1-based line of a char offset. */
    public int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** 1-based column (in code points) of a char offset. */
    public int columnOf(int offset) {
        int start = lineStart(offset);
        if (start == 0 && offset > 0 && text.charAt(0) == '\uFEFF') {
            start = 1; // a byte-order mark is not part of the first line
        }
        return text.codePointCount(start, offset) + 1;
    }

    /** Char offset of the start of the line holding {@code offset}. */
    public int lineStart(int offset) {
        return lineStarts[lineOf(offset) - 1];
    }

    /** Char offset just past the line break of the line holding {@code offset} (or the text end). */
    public int nextLineStart(int offset) {
        int line = lineOf(offset);
        return line < lineStarts.length ? lineStarts[line] : text.length();
    }

    /** Char offset of the end of the line holding {@code offset}, before its line break. */
    public int lineEnd(int offset) {
        int end = nextLineStart(offset);
        if (end > 0 && end <= text.length() && end > lineStart(offset) && text.charAt(end - 1) == '\n') {
            end--;
            if (end > lineStart(offset) && text.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return end;
    }

    /** True when only spaces stand between the start of the line and {@code offset}. */
    public boolean onlySpacesBefore(int offset) {
        for (int i = lineStart(offset); i < offset; i++) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\uFEFF') {
                return false;
            }
        }
        return true;
    }

    /** The line break this file uses (the first one found), LF when it has none. */
    public String newline() {
        int lf = text.indexOf('\n');
        return lf > 0 && text.charAt(lf - 1) == '\r' ? "\r\n" : "\n";
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** Char offset where 1-based {@code line} starts. */
    public int startOfLine(int line) {
        return lineStarts[line - 1];
    }

    private static int[] computeLineStarts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[n++] = i + 1;
            }
        }
        return starts;
    }

    private static int[] computeCodePointMap(String text, int count) {
        int[] map = new int[count];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            map[cp++] = i;
        }
        return map;
    }
}
