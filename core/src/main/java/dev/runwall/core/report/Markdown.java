package dev.runwall.core.report;

/**
 * Escapes untrusted text (domain names, process names, command lines are attacker-controlled) for
 * GitHub-flavoured Markdown, which also renders inline HTML: every character outside a small safe set
 * becomes a numeric character reference, so no markup, link, HTML tag or table cell break can be injected.
 */
public final class Markdown {
    private static final int MAX_CELL = 200;

    private Markdown() {}

    /** Escapes text for a paragraph or a table cell; control characters and newlines become spaces. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        String t = text.length() > MAX_CELL ? text.substring(0, MAX_CELL) + "\u2026" : text;
        StringBuilder sb = new StringBuilder(t.length() + 16);
        t.codePoints().forEach(cp -> {
            if (isSafe(cp)) {
                sb.appendCodePoint(cp);
            } else if (Character.isISOControl(cp)) {
                sb.append(' ');
            } else {
                sb.append("&#").append(cp).append(';');
            }
        });
        return sb.toString();
    }

    private static boolean isSafe(int cp) {
        return (cp >= 'a' && cp <= 'z')
                || (cp >= 'A' && cp <= 'Z')
                || (cp >= '0' && cp <= '9')
                || cp == ' ' || cp == '.' || cp == '-' || cp == ':' || cp == '/' || cp == ',' || cp == '=';
    }
}
