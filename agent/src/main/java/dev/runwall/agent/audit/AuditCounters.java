package dev.runwall.agent.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the audit subscription saw and skipped (loss is reported separately, from the reader). */
final class AuditCounters {
    final LongAdder execs = new LongAdder();
    final LongAdder exits = new LongAdder();
    final LongAdder forks = new LongAdder();
    final LongAdder network = new LongAdder();
    final LongAdder loopback = new LongAdder();
    final LongAdder notInet = new LongAdder();
    final LongAdder routingErrors = new LongAdder();

    Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("auditExecs", execs.sum());
        m.put("auditExits", exits.sum());
        m.put("auditForks", forks.sum());
        m.put("auditNetworkSyscalls", network.sum());
        m.put("auditLoopbackSyscalls", loopback.sum());
        m.put("auditRoutingErrors", routingErrors.sum());
        return m;
    }
}
