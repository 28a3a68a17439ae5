package dev.runwall.dns;

import java.util.Locale;

/** How a query reached the proxy. */
public enum Transport {
    UDP,
    TCP;

    /** {@code udp} or {@code tcp}, as in events. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
