package dev.runwall.sandbox;

import java.util.Objects;

/**
 * A record of any other type (TXT, MX, SRV, HTTPS, SVCB, CAA, NS …), its data in DNS presentation
 * format, e.g. {@code new ZoneRecord("example.test", "MX", 300, "10 mail.example.test.")}.
 */
public record ZoneRecord(String name, String type, int ttl, String data) {
    public ZoneRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static ZoneRecord of(String name, String type, String data) {
        return new ZoneRecord(name, type, Host.DEFAULT_TTL, data);
    }
}
