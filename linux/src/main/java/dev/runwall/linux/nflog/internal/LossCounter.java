package dev.runwall.linux.nflog.internal;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts lost NFLOG messages from the group's sequence numbers, which the kernel increments for
 * every logged packet whether or not it could deliver it. An overrun (ENOBUFS) that no later
 * sequence number accounts for yet counts as one lost message, so the count is a lower bound that
 * becomes exact with the next delivered packet.
 *
 * <p>Updated by the reading thread only; read from any thread.
 */
public final class LossCounter {
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong unexplainedOverruns = new AtomicLong();
    private long expected = -1;

    /** Called for every delivered packet. */
    public void delivered(OptionalLong sequence) {
        if (sequence.isEmpty()) {
            return;
        }
        long seq = sequence.getAsLong();
        if (expected >= 0) {
            long missing = (seq - expected) & 0xffff_ffffL; // 32-bit counter, wraps
            if (missing != 0 && missing < 0x8000_0000L) {
                gaps.addAndGet(missing);
                unexplainedOverruns.set(0);
            }
        }
        expected = (seq + 1) & 0xffff_ffffL;
    }

    /** Called when the socket reported ENOBUFS. */
    public void overrun() {
        unexplainedOverruns.incrementAndGet();
    }

    public long lost() {
        return gaps.get() + unexplainedOverruns.get();
    }
}
