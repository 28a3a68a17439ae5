package dev.runwall.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from command lines before they reach an event, a log or a report. Errs on the side
 * of redacting: a value after a secret-looking option, a token with a known prefix, a password in a URL,
 * and the value of an {@code Authorization}-style header.
 */
public final class SecretRedactor {
    public static final String MASK = "***";
    /** The replacement that keeps an expression's first group and masks the rest of its match. */
    private static final String MASK_AFTER_GROUP = "$1" + Matcher.quoteReplacement(MASK);

    private static final Pattern TOKEN = Pattern.compile(
            "(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,}"
                    + "|glpat-[A-Za-z0-9_-]{16,}|eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,})");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]+:)[^@/\\s]+@");
    private static final Pattern QUERY_PARAM = Pattern.compile(
            "(?i)([?&][^=&\\s]*(?:token|secret|passw|api[_-]?key|access[_-]?key|signature|sig|auth)[^=&\\s]*=)[^&\\s#]+");
    private static final Pattern HEADER = Pattern.compile(
            "(?i)((?:authorization|proxy-authorization|x-api-key|private-token|cookie)\\s*:\\s*).+");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)^(-{0,2}[a-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|credential)"
                    + "[a-z0-9_.-]*=).+");
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(?i)^-{1,2}[a-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|credential)[a-z0-9_.-]*$"
                    + "|^-p$|^-u$|^--user$|^--oauth2-bearer$");

    /**
     * Results for argument lists seen recently: the same process is described for every DNS query and flow
     * it makes, and the regular expressions are the largest cost of describing it. Bounded; a pure function.
     */
    private static final Map<List<String>, List<String>> RECENT = new ConcurrentHashMap<>();
    private static final int RECENT_MAX = 4096;

    private SecretRedactor() {}

    /**
     * Redacts each argument, and any argument that follows a secret-taking option (an unmodifiable list; a null
     * argument stays null).
     */
    public static List<String> redactArgs(List<String> args) {
        for (String a : args) { // (List.of lists refuse contains(null))
            if (a == null) {
                return java.util.Collections.unmodifiableList(redactEach(args));
            }
        }
        List<String> known = RECENT.get(args);
        if (known != null) {
            return known;
        }
        List<String> out = List.copyOf(redactEach(args));
        if (RECENT.size() >= RECENT_MAX) {
            RECENT.clear();
        }
        RECENT.put(List.copyOf(args), out);
        return out;
    }

    private static List<String> redactEach(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean nextIsSecret = false;
        for (String a : args) {
            if (nextIsSecret) {
                out.add(MASK);
                nextIsSecret = false;
                continue;
            }
            out.add(redact(a));
            nextIsSecret = a != null && a.startsWith("-") && SECRET_OPTION.matcher(a).matches(); // every branch starts with -
        }
        return out;
    }

    /**
     * Redacts secrets inside one string. Each expression runs only when the text has what every match of it
     * needs (a token's prefix; "://" and "@"; "?" or "&" and "="; ":"; "="): most arguments (a path, a port,
     * a host) have none, and the expressions are the larger part of describing a process.
     */
    public static String redact(String text) {
        return redact(text, true);
    }

    /** {@link #redact} with every expression run, for the test that shows the checks change nothing. */
    static String redactUnfiltered(String text) {
        return redact(text, false);
    }

    private static String redact(String text, boolean skipWhatCannotMatch) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        boolean all = !skipWhatCannotMatch;
        String t = all || mayHoldToken(text) ? TOKEN.matcher(text).replaceAll(MASK) : text;
        if (all || t.indexOf('@') >= 0 && t.contains("://")) {
            t = URL_PASSWORD.matcher(t).replaceAll(MASK_AFTER_GROUP + "@");
        }
        boolean equals = t.indexOf('=') >= 0;
        if (all || equals && (t.indexOf('?') >= 0 || t.indexOf('&') >= 0)) {
            t = QUERY_PARAM.matcher(t).replaceAll(MASK_AFTER_GROUP);
        }
        if (all || t.indexOf(':') >= 0) {
            t = HEADER.matcher(t).replaceAll(MASK_AFTER_GROUP);
        }
        if (all || equals) { // no replacement adds a "="
            t = KEY_VALUE.matcher(t).replaceAll(MASK_AFTER_GROUP);
        }
        return t;
    }

    /** Whether {@code text} has the start of one of {@link #TOKEN}'s alternatives. */
    private static boolean mayHoldToken(String text) {
        return text.contains("gh") || text.contains("github_pat_") || text.contains("AKIA") || text.contains("xox")
                || text.contains("glpat-") || text.contains("eyJ");
    }
}
