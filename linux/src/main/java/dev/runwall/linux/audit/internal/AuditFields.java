package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code key=value} fields of one kernel audit record body, split with one bounds-checked
 * scanner. Values are kept raw; the typed getters decode them the way the kernel encodes them:
 * decimal, hex numbers, and "untrusted strings", which the kernel prints either in double quotes
 * (when they contain no quote, space or control character) or as upper-case hex, or as
 * {@code (null)}.
 */
public final class AuditFields {
    /** One field in record order. */
    public record Field(String key, String rawValue) {}

    private final List<Field> fields;

    private AuditFields(List<Field> fields) {
        this.fields = fields;
    }

    public static AuditFields parse(String body) throws AuditParseException {
        List<Field> fields = new ArrayList<>();
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
            String key = body.substring(position, equals);
            int valueStart = equals + 1;
            int valueEnd;
            if (valueStart < length && body.charAt(valueStart) == '"') {
                int closing = body.indexOf('"', valueStart + 1);
                if (closing < 0) {
                    throw new AuditParseException("unterminated quote in field " + key);
                }
                valueEnd = closing + 1;
            } else {
                int next = body.indexOf(' ', valueStart);
                valueEnd = next < 0 ? length : next;
            }
            fields.add(new Field(key, body.substring(valueStart, valueEnd)));
            position = valueEnd;
        }
        return new AuditFields(fields);
    }

    public List<Field> all() {
        return List.copyOf(fields);
    }

    public Optional<String> raw(String key) {
        for (Field field : fields) {
            if (field.key().equals(key)) {
                return Optional.of(field.rawValue());
            }
        }
        return Optional.empty();
    }

    public String required(String key) throws AuditParseException {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            throw new AuditParseException("missing field " + key);
        }
        return value.get();
    }

    public long decimal(String key) throws AuditParseException {
        return decimal(key, required(key));
    }

    public Optional<Long> optionalDecimal(String key) throws AuditParseException {
        Optional<String> value = raw(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(decimal(key, value.get()));
    }

    public long hexNumber(String key) throws AuditParseException {
        String value = required(key);
        try {
            return Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            throw new AuditParseException("field " + key + " is not a hex number: " + excerpt(value, 0));
        }
    }

    /** An untrusted string field decoded to text (invalid UTF-8 becomes U+FFFD); empty for (null) or absent. */
    public Optional<String> text(String key) throws AuditParseException {
        Optional<byte[]> bytes = bytes(key);
        return bytes.map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** An untrusted string field as raw bytes; empty for (null) or absent. */
    public Optional<byte[]> bytes(String key) throws AuditParseException {
        Optional<String> value = raw(key);
        return value.isEmpty() ? Optional.empty() : decodeValue(key, value.get());
    }

    /** Decodes a raw value the way the kernel encodes untrusted strings. */
    public static Optional<byte[]> decodeValue(String key, String raw) throws AuditParseException {
        if (raw.equals("(null)")) {
            return Optional.empty();
        }
        if (raw.length() >= 2 && raw.charAt(0) == '"' && raw.charAt(raw.length() - 1) == '"') {
            return Optional.of(raw.substring(1, raw.length() - 1).getBytes(StandardCharsets.UTF_8));
        }
        if (raw.length() % 2 != 0 || !raw.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
            throw new AuditParseException("field " + key + " is neither quoted nor hex: " + excerpt(raw, 0));
        }
        return Optional.of(HexFormat.of().parseHex(raw));
    }

    private static long decimal(String key, String value) throws AuditParseException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new AuditParseException("field " + key + " is not a number: " + excerpt(value, 0));
        }
    }

    private static String excerpt(String text, int from) {
        String rest = text.substring(Math.min(from, text.length()));
        return rest.length() > 40 ? rest.substring(0, 40) + "…" : rest;
    }
}
