package dev.runwall.dns;

import java.util.Locale;

/** How a query reached the proxy. */
public enum Transport {
    UDP,
    TCP;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** {@code udp} or {@code tcp}, as in events. */
    public String label() {
        return label;
    }
}
