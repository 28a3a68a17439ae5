package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code key=value} fields of one kernel audit record body, split with one bounds-checked
 * scanner. Values are kept raw; the typed getters decode them the way the kernel encodes them:
 * decimal, hex numbers, and "untrusted strings", which the kernel prints either in double quotes
 * (when they contain no quote, space or control character) or as upper-case hex, or as
 * {@code (null)}.
 *
 * <p>The scanner only records where each key and value are in the body: a SYSCALL record has about
 * thirty fields of which a reader wants a dozen, so no substring is made for a field nobody asks for.
 */
public final class AuditFields {
    /** One field in record order. */
    public record Field(String key, String rawValue) {}

    private final String body;
    /** Per field: key start, '=' position (key end), value start is '=' + 1, value end. */
    private final int[] positions;
    private final int count;

    private AuditFields(String body, int[] positions, int count) {
        this.body = body;
        this.positions = positions;
        this.count = count;
    }

    public static AuditFields parse(String body) throws AuditParseException {
        int[] positions = new int[3 * 16];
        int count = 0;
        int position = 0;
        int length = body.length();
        while (position < length) {
            if (body.charAt(position) == ' ') {
                position++;
                continue;
            }
            int equals = body.indexOf('=', position);
            int space = body.indexOf(' ', position);
            if (equals < 0 || (space >= 0 && space < equals)) {
                throw new AuditParseException("field without '=' at column " + position + ": " + excerpt(body, position));
            }
            int valueStart = equals + 1;
            int valueEnd;
            if (valueStart < length && body.charAt(valueStart) == '"') {
                int closing = body.indexOf('"', valueStart + 1);
                if (closing < 0) {
                    throw new AuditParseException("unterminated quote in field " + body.substring(position, equals));
                }
                valueEnd = closing + 1;
            } else {
                int next = body.indexOf(' ', valueStart);
                valueEnd = next < 0 ? length : next;
            }
            if (3 * count + 3 > positions.length) {
                positions = Arrays.copyOf(positions, positions.length * 2);
            }
            positions[3 * count] = position;
            positions[3 * count + 1] = equals;
            positions[3 * count + 2] = valueEnd;
            count++;
            position = valueEnd;
        }
        return new AuditFields(body, positions, count);
    }

    public List<Field> all() {
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new Field(body.substring(positions[3 * i], positions[3 * i + 1]), value(i)));
        }
        return List.copyOf(fields);
    }

    public Optional<String> raw(String key) {
        int i = indexOf(key);
        return i < 0 ? Optional.empty() : Optional.of(value(i));
    }

    /** Whether the record has the field, whatever its value. */
    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    public String required(String key) throws AuditParseException {
        int i = indexOf(key);
        if (i < 0) {
            throw new AuditParseException("missing field " + key);
        }
        return value(i);
    }

    public long decimal(String key) throws AuditParseException {
        int i = indexOf(key);
        if (i < 0) {
            throw new AuditParseException("missing field " + key);
        }
        return decimal(key, i);
    }

    public Optional<Long> optionalDecimal(String key) throws AuditParseException {
        int i = indexOf(key);
        return i < 0 ? Optional.empty() : Optional.of(decimal(key, i));
    }

    /** The decimal field, or {@code absent} when the record does not have it. */
    public long decimalOr(String key, long absent) throws AuditParseException {
        int i = indexOf(key);
        return i < 0 ? absent : decimal(key, i);
    }

    public long hexNumber(String key) throws AuditParseException {
        int i = indexOf(key);
        if (i < 0) {
            throw new AuditParseException("missing field " + key);
        }
        try {
            return Long.parseUnsignedLong(body, positions[3 * i + 1] + 1, positions[3 * i + 2], 16);
        } catch (NumberFormatException e) {
            throw new AuditParseException("field " + key + " is not a hex number: " + excerpt(value(i), 0));
        }
    }

    /** An untrusted string field decoded to text (invalid UTF-8 becomes U+FFFD); empty for (null) or absent. */
    public Optional<String> text(String key) throws AuditParseException {
        int i = indexOf(key);
        if (i < 0) {
            return Optional.empty();
        }
        int start = positions[3 * i + 1] + 1;
        int end = positions[3 * i + 2];
        if (end - start >= 2 && body.charAt(start) == '"' && body.charAt(end - 1) == '"' && noSurrogate(start, end)) {
            // what decoding the quoted bytes as UTF-8 would give, without the round trip
            return Optional.of(body.substring(start + 1, end - 1));
        }
        return decodeValue(key, value(i)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** An untrusted string field as raw bytes; empty for (null) or absent. */
    public Optional<byte[]> bytes(String key) throws AuditParseException {
        int i = indexOf(key);
        return i < 0 ? Optional.empty() : decodeValue(key, value(i));
    }

    /** Decodes a raw value the way the kernel encodes untrusted strings. */
    public static Optional<byte[]> decodeValue(String key, String raw) throws AuditParseException {
        if (raw.equals("(null)")) {
            return Optional.empty();
        }
        if (raw.length() >= 2 && raw.charAt(0) == '"' && raw.charAt(raw.length() - 1) == '"') {
            return Optional.of(raw.substring(1, raw.length() - 1).getBytes(StandardCharsets.UTF_8));
        }
        if (raw.length() % 2 != 0 || !isUpperHex(raw)) {
            throw new AuditParseException("field " + key + " is neither quoted nor hex: " + excerpt(raw, 0));
        }
        return Optional.of(HexFormat.of().parseHex(raw));
    }

    private static boolean isUpperHex(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private boolean noSurrogate(int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.isSurrogate(body.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(String key) {
        int length = key.length();
        for (int i = 0; i < count; i++) {
            int start = positions[3 * i];
            if (positions[3 * i + 1] - start == length && body.startsWith(key, start)) {
                return i;
            }
        }
        return -1;
    }

    private String value(int i) {
        return body.substring(positions[3 * i + 1] + 1, positions[3 * i + 2]);
    }

    private long decimal(String key, int i) throws AuditParseException {
        try {
            return Long.parseLong(body, positions[3 * i + 1] + 1, positions[3 * i + 2], 10);
        } catch (NumberFormatException e) {
            throw new AuditParseException("field " + key + " is not a number: " + excerpt(value(i), 0));
        }
    }

    private static String excerpt(String text, int from) {
        String rest = text.substring(Math.min(from, text.length()));
        return rest.length() > 40 ? rest.substring(0, 40) + "…" : rest;
    }
}
