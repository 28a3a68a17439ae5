package dev.runwall.sandbox.internal.dns;

/** How a query arrived; only UDP answers are limited in size. */
public enum Transport {
    UDP,
    TCP;

    /** As written in the query log. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
