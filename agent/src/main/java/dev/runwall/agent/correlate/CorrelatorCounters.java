package dev.runwall.agent.correlate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the correlator did: the report's {@code loss.unexplainedFlows} comes from the events themselves. */
final class CorrelatorCounters {
    final LongAdder syscalls = new LongAdder();
    final LongAdder syscallsWithoutPacket = new LongAdder();
    final LongAdder syscallsUnmatched = new LongAdder();
    final LongAdder explained = new LongAdder();
    final LongAdder explainedByEarlierSyscall = new LongAdder();
    final LongAdder unexplained = new LongAdder();
    final LongAdder repeated = new LongAdder();

    Map<String, Long> asMap(int pending) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("flowsExplained", explained.sum());
        m.put("flowsExplainedByEarlierSyscall", explainedByEarlierSyscall.sum());
        m.put("flowsUnexplained", unexplained.sum());
        m.put("flowsRepeated", repeated.sum());
        m.put("syscallsSeen", syscalls.sum());
        m.put("syscallsWithoutPacket", syscallsWithoutPacket.sum());
        m.put("syscallsNeverMatched", syscallsUnmatched.sum());
        m.put("syscallsPending", (long) pending);
        return m;
    }
}
