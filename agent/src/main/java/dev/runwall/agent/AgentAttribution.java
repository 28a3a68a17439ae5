package dev.runwall.agent;

import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.correlate.FlowCorrelator;
import dev.runwall.agent.step.StepResolver;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.linux.procfs.ProcessLineage;
import java.util.function.Function;

/**
 * How the agent attributes what it sees to processes and steps.
 *
 * @param steps the step of a process, causally
 * @param dnsClients the process behind a DNS client socket
 * @param flows joins kernel flows with audited syscalls; null: flows get a best-effort procfs lookup
 * @param describer the event form of a process (the process table adds hash, uid and container)
 */
public record AgentAttribution(StepResolver steps, ProcessAttributor dnsClients, FlowCorrelator flows,
        Function<ProcessLineage, ProcessInfo> describer) {

    /** Without audit: procfs only. */
    public static AgentAttribution procfsOnly(StepResolver steps, ProcessAttributor dnsClients) {
        return new AgentAttribution(steps, dnsClients, null, ProcessLineage::toProcessInfo);
    }
}
