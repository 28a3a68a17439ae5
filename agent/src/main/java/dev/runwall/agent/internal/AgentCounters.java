package dev.runwall.agent.internal;

import dev.runwall.dns.DnsCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/** The counters of the agent's {@code stopped} event (docs/EVENTS.md). */
public final class AgentCounters {
    private AgentCounters() {}

    public static Map<String, Long> of(DnsCounters c, DnsEventRecorder recorder, FirewallStartup firewall) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("dnsQueries", c.queries());
        m.put("dnsForwarded", c.forwarded());
        m.put("dnsBlocked", c.blocked());
        m.put("dnsCacheHits", c.cacheHits());
        m.put("dnsUpstreamFailures", c.upstreamFailures());
        m.put("dnsTruncated", c.truncated());
        m.put("dnsRejected", c.rejected());
        m.put("dnsDropped", c.droppedMalformed() + c.overloaded());
        m.put("dnsUnsent", c.unsent());
        m.put("dnsReleaseRefused", c.releaseRefused());
        m.put("dnsInternalErrors", c.internalErrors() + c.listenerFailures());
        m.put("unattributed", recorder.unattributed());
        m.put("processUnknown", recorder.processUnknown());
        m.putAll(new java.util.TreeMap<>(recorder.attributorCounters()));
        m.putAll(firewall.counters());
        return m;
    }
}
