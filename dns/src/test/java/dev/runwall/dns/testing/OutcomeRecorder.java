package dev.runwall.dns.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.QueryOutcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects outcomes. {@code queryCompleted} runs after the response went out, so a test that has its answer
 * may still have to wait a moment for the outcome: {@link #await} does that.
 */
public class OutcomeRecorder implements DnsProxyListener {
    private final List<QueryOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void queryCompleted(QueryContext q, QueryOutcome o) {
        outcomes.add(o);
    }

    /** The first {@code count} outcomes, in completion order, waiting up to 5 seconds for them. */
    public List<QueryOutcome> await(int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (outcomes.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("expected " + count + " query outcomes, got " + outcomes.size() + ": " + outcomes);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        return List.copyOf(outcomes.subList(0, count));
    }

    public QueryOutcome awaitFirst() {
        return await(1).getFirst();
    }
}
