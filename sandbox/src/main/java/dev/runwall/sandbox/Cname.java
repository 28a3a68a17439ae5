package dev.runwall.sandbox;

import java.util.Objects;

/** A CNAME record: {@code name} is an alias of {@code target} (which may itself be a CNAME, or unknown). */
public record Cname(String name, String target, int ttl) {
    public Cname {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
    }

    public static Cname of(String name, String target) {
        return new Cname(name, target, Host.DEFAULT_TTL);
    }
}
