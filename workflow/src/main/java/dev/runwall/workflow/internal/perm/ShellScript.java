package dev.runwall.workflow.internal.perm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell {@code run:} script split into pipelines of simple commands, well enough to recognise the
 * commands that use the job token: quotes removed, comments and here-document bodies dropped,
 * {@code $(...)} substitutions parsed as commands of their own. Not a shell: it never fails.
 */
final class ShellScript {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)\\}\\}", Pattern.DOTALL);
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?");
    private static final int MAX_SUBSTITUTION_DEPTH = 3;

    /** Commands that run connected by pipes, and the text of the whole line they came from. */
    record Pipeline(List<List<String>> commands, String text) {}

    private ShellScript() {}

    static List<Pipeline> parse(String script) {
        String s = normaliseExpressions(script).replace("\r\n", "\n").replace("\\\n", " ");
        List<Pipeline> out = new ArrayList<>();
        parseInto(dropHeredocBodies(s), out, 0);
        return out;
    }

    /** {@code ${{ secrets.X }}} becomes {@code ${{secrets.X}}}: one word. */
    private static String normaliseExpressions(String s) {
        Matcher m = EXPRESSION.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement("${{" + m.group(1).replaceAll("\\s+", "") + "}}"));
        }
        return m.appendTail(b).toString();
    }

    private static String dropHeredocBodies(String s) {
        StringBuilder out = new StringBuilder();
        String[] lines = s.split("\n", -1);
        String delimiter = null;
        for (String line : lines) {
            if (delimiter != null) {
                if (line.strip().equals(delimiter)) {
                    delimiter = null;
                }
                continue;
            }
            Matcher m = HEREDOC.matcher(line);
            if (m.find()) {
                delimiter = m.group(1);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static void parseInto(String s, List<Pipeline> out, int depth) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int lineStart = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (quote == '"' && c == '\\' && i + 1 < s.length()) {
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
                continue;
            }
            if (c == '#' && word == null) {
                while (i + 1 < s.length() && s.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            boolean endsCommand = c == ';' || c == '&' || c == '(' || c == ')' || c == '`' || c == '\n' || c == '|'
                    || c == '{' && word == null || c == '}' && word == null;
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                word = word == null ? new StringBuilder() : word;
                int close = matchingParen(s, i + 1);
                String inner = s.substring(i + 2, close < 0 ? s.length() : close);
                if (depth < MAX_SUBSTITUTION_DEPTH) {
                    parseInto(inner, out, depth + 1);
                }
                word.append("$(…)");
                i = close < 0 ? s.length() : close;
                continue;
            }
            if (Character.isWhitespace(c) || endsCommand) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (endsCommand && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                boolean pipe = c == '|' && !(i + 1 < s.length() && s.charAt(i + 1) == '|') && !(i > 0 && s.charAt(i - 1) == '|');
                if (endsCommand && !pipe) {
                    if (!commands.isEmpty()) {
                        out.add(new Pipeline(commands, s.substring(lineStart, i)));
                        commands = new ArrayList<>();
                    }
                    lineStart = i + 1;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            word.append(c);
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        if (!commands.isEmpty()) {
            out.add(new Pipeline(commands, s.substring(Math.min(lineStart, s.length()))));
        }
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (s.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
