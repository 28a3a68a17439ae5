package dev.runwall.workflow.internal.patch;

import dev.runwall.workflow.internal.yaml.YamlScalar;
import java.util.regex.Pattern;

/** Writes a scalar value in a given style, for values we put into files. */
public final class ScalarText {
    /** Values that read back as the same plain string in block and flow context (a colon only inside a word). */
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z0-9_./$@+](?:[A-Za-z0-9_./$@+=-]|:(?=[A-Za-z0-9_./$@+=-]))*");

    private ScalarText() {}

    /** The value written in {@code style}, or null when it cannot be written in that style on one line. */
    public static String render(YamlScalar.Style style, String value) {
        return switch (style) {
            case PLAIN -> PLAIN_SAFE.matcher(value).matches() ? value : null;
            case SINGLE_QUOTED -> value.contains("\n") ? null : "'" + value.replace("'", "''") + "'";
            case DOUBLE_QUOTED -> value.contains("\n") ? null : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case LITERAL, FOLDED -> null;
        };
    }

    /** A value as a plain scalar when it can be one, double-quoted otherwise. */
    public static String plainOrQuoted(String value) {
        String plain = render(YamlScalar.Style.PLAIN, value);
        return plain != null && !isSpecialWord(value) ? plain : render(YamlScalar.Style.DOUBLE_QUOTED, value);
    }

    private static boolean isSpecialWord(String v) {
        return switch (v) {
            case "true", "false", "null", "~", "yes", "no", "on", "off" -> true;
            default -> false;
        };
    }
}
