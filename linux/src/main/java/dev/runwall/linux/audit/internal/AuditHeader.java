package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditParseException;
import java.time.Instant;

/**
 * The {@code audit(SECONDS.MILLIS:SERIAL): } prefix of a record, and the body after it.
 *
 * @param time   when the event started
 * @param serial the event's serial number; all records of one event share it
 * @param body   the fields after the prefix
 */
public record AuditHeader(Instant time, long serial, String body) {
    private static final String OPEN = "audit(";

    public static AuditHeader parse(String text) throws AuditParseException {
        if (!text.startsWith(OPEN)) {
            throw new AuditParseException("record does not start with audit(: " + excerpt(text));
        }
        int close = text.indexOf("):", OPEN.length());
        if (close < 0) {
            throw new AuditParseException("record header has no closing '):' : " + excerpt(text));
        }
        String stamp = text.substring(OPEN.length(), close);
        int dot = stamp.indexOf('.');
        int colon = stamp.indexOf(':');
        if (dot < 1 || colon < dot + 2 || colon == stamp.length() - 1) {
            throw new AuditParseException("record header is not SECONDS.MILLIS:SERIAL: " + excerpt(stamp));
        }
        try {
            long seconds = Long.parseLong(stamp.substring(0, dot));
            long millis = Long.parseLong(stamp.substring(dot + 1, colon));
            long serial = Long.parseLong(stamp.substring(colon + 1));
            if (seconds < 0 || seconds > Instant.MAX.getEpochSecond() || millis < 0 || millis > 999 || serial < 0) {
                throw new AuditParseException("record header out of range: " + excerpt(stamp));
            }
            return new AuditHeader(Instant.ofEpochSecond(seconds, millis * 1_000_000), serial,
                    text.substring(close + 2));
        } catch (NumberFormatException e) {
            throw new AuditParseException("record header is not numeric: " + excerpt(stamp), e);
        }
    }

    private static String excerpt(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
