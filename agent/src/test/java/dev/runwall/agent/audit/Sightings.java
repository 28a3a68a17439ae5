package dev.runwall.agent.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects syscall sightings for integration tests and waits for the ones a test expects. */
public final class Sightings implements Consumer<SyscallSighting> {
    private final List<SyscallSighting> seen = new CopyOnWriteArrayList<>();

    @Override
    public void accept(SyscallSighting s) {
        seen.add(s);
    }

    public List<SyscallSighting> all() {
        return List.copyOf(seen);
    }

    /** The first sighting matching {@code wanted} within {@code timeout}; fails naming what was seen. */
    public SyscallSighting await(Predicate<SyscallSighting> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (SyscallSighting s : seen) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching syscall sighting within " + timeout + "; " + seen.size() + " seen, last: "
                + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
    }
}
