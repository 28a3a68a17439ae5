package dev.runwall.core.policy;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * Normalises DNS names: lower case, no trailing dot, internationalised names in their ASCII (punycode)
 * form. Policy entries and query names go through the same function, so they compare as plain strings.
 */
public final class DomainName {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private DomainName() {}

    /**
     * Normalises {@code name} or explains why it is not a valid host name.
     *
     * @return the normalised name
     * @throws PolicyException with the reason
     */
    public static String normalize(String name) throws PolicyException {
        String n = name.strip();
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty()) {
            throw new PolicyException("the host name is empty");
        }
        if (n.startsWith(".") || n.contains("..")) {
            throw new PolicyException("the name has an empty label (two dots in a row)");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("'" + name + "' is not a valid internationalised name (" + e.getMessage() + ")");
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.length() > MAX_NAME) {
            throw new PolicyException("the name is longer than " + MAX_NAME + " characters");
        }
        for (String label : ascii.split("\\.", -1)) {
            checkLabel(label);
        }
        return ascii;
    }

    /** Normalises a name taken from the wire (a DNS query); empty when it is not a usable host name. */
    public static Optional<String> tryNormalize(String name) {
        try {
            return Optional.of(normalize(name));
        } catch (PolicyException e) {
            return Optional.empty();
        }
    }

    private static void checkLabel(String label) throws PolicyException {
        if (label.isEmpty()) {
            throw new PolicyException("the name has an empty label (two dots in a row)");
        }
        if (label.length() > MAX_LABEL) {
            throw new PolicyException("the label '" + label + "' is longer than " + MAX_LABEL + " characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new PolicyException("the character '" + c + "' is not allowed in a host name");
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new PolicyException("the label '" + label + "' starts or ends with '-'");
        }
    }
}
