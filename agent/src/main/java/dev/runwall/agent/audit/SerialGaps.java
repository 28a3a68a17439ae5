package dev.runwall.agent.audit;

/**
 * Counts audit events we never received, from the kernel's event serial numbers: every event the kernel
 * emits gets the next serial, and every event reaches our multicast socket, so a serial we never saw is an
 * event lost on the way (mostly our socket's buffer overflowing: ENOBUFS is reported once per overflow,
 * however many events it dropped). Events completed late may arrive out of order; they still count once.
 * Only the reader thread calls it.
 */
final class SerialGaps {
    private volatile long first = -1;
    private volatile long last = -1;
    private volatile long distinct;

    void seen(long serial) {
        if (serial <= 0) {
            return;
        }
        if (first < 0) {
            first = serial;
            last = serial;
        } else if (serial < first) {
            first = serial;
        } else if (serial > last) {
            last = serial;
        }
        distinct++;
    }

    /** Serials between the first and the last seen that never arrived. */
    long missing() {
        return first < 0 ? 0 : Math.max(0, last - first + 1 - distinct);
    }
}
