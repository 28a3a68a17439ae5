package dev.runwall.agent.firewall;

import java.time.Duration;

/**
 * How long an address from a DNS answer stays allowed: its record's TTL, but at least {@code floor}
 * (resolver libraries and clients keep using an answer a little past its TTL, and a TTL of 0 must not
 * make the address unusable) and at most {@code ceiling}.
 */
public record AddressLifetime(Duration floor, Duration ceiling) {
    public AddressLifetime {
        if (floor.isNegative() || floor.isZero() || ceiling.compareTo(floor) < 0) {
            throw new IllegalArgumentException("need 0 < floor <= ceiling: " + floor + ", " + ceiling);
        }
    }

    /** The lifetime, in whole seconds, of an address from a record with {@code ttlSeconds}. */
    public long seconds(long ttlSeconds) {
        long floorSeconds = floor.toSeconds() + (floor.toNanosPart() > 0 ? 1 : 0);
        return Math.clamp(ttlSeconds, floorSeconds, ceiling.toSeconds());
    }
}
