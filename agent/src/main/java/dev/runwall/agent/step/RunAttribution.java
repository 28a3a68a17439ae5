package dev.runwall.agent.step;

import dev.runwall.agent.attribution.Attributors;
import dev.runwall.agent.attribution.ProcessAttribution;
import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.correlate.FlowCorrelator;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.linux.procfs.ProcFs;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code runwall run} needs to attribute calls to its steps, causally: the step roots, the
 * process table fed by audit, and one cgroup per step. What is not available here (audit, a writable
 * cgroup v2 hierarchy) is reported as a warning and the rest still works.
 *
 * <pre>{@code
 * try (RunAttribution attribution = RunAttribution.start(ProcFs.system(), Duration.ofSeconds(2))) {
 *     Agent agent = Agent.start(options, attribution.steps(), attribution.attributor(options.listen()), clock);
 *     attribution.jobRunner(agent.eventLog(), workDir, scratch, clock).run(steps);
 *     attribution.finish(agent.eventLog(), clock);   // warnings and counters, before the agent stops
 *     agent.stop();
 * }
 * }</pre>
 */
public final class RunAttribution implements AutoCloseable {
    private final ProcFs proc;
    private final StepRootRegistry roots;
    private final ProcessAttribution processes;
    private final StepCgroups cgroups;
    private final RunSteps steps;
    private final FlowCorrelator correlator;

    private RunAttribution(ProcFs proc, StepRootRegistry roots, ProcessAttribution processes, StepCgroups cgroups) {
        this.proc = proc;
        this.roots = roots;
        this.processes = processes;
        this.cgroups = cgroups;
        this.steps = new RunSteps(roots, processes.table(), cgroups, proc);
        this.correlator = processes.correlator(steps);
    }

    /** @param registrationWait how long a lookup waits for a step root that is being registered */
    public static RunAttribution start(ProcFs proc, Duration registrationWait) {
        long self = ProcessHandle.current().pid();
        StepRootRegistry roots = new StepRootRegistry((int) self, registrationWait);
        ProcessAttribution processes = ProcessAttribution.start(proc);
        String ownCgroup = proc.read("self/cgroup").map(dev.runwall.agent.process.CgroupFile::parse)
                .map(c -> c.unifiedPath()).orElse(null);
        StepCgroups cgroups = StepCgroups.create(proc.read("self/mountinfo").orElse(""), ownCgroup, self).orElse(null);
        return new RunAttribution(proc, roots, processes, cgroups);
    }

    public StepRootRegistry roots() {
        return roots;
    }

    /** The step resolver for the agent (DNS and flow events) and the correlator. */
    public RunSteps steps() {
        return steps;
    }

    public ProcessAttribution processes() {
        return processes;
    }

    /** Joins the firewall's flows with audited syscalls (for the connection recorder). */
    public FlowCorrelator correlator() {
        return correlator;
    }

    /** The best socket-owner attributor for the proxy's addresses, with lineages from the process table. */
    public ProcessAttributor attributor(List<InetSocketAddress> proxyAddresses) {
        return processes.wrap(Attributors.best(proxyAddresses));
    }

    /** A job runner that registers each step's root and starts each step in its own cgroup. */
    public JobRunner jobRunner(EventLog log, Path workDir, Path scratch, Clock clock) {
        return new JobRunner(log, roots, proc, workDir, scratch, clock, cgroups);
    }

    /** What could not be used, for the user (stderr) and the event log. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        processes.warning().ifPresent(w::add);
        if (cgroups == null) {
            w.add("no writable cgroup v2 hierarchy: a background process whose parent exited before its start was "
                    + "seen is attributed by the process table alone");
        }
        return w;
    }

    /** Appends the warnings and the attribution counters (audit loss included) to the event log. */
    public void finish(EventLog log, Clock clock) {
        for (String w : warnings()) {
            log.append(new AgentEvent(clock.instant(), AgentEvent.WARNING, null, null, w, Map.of()));
        }
        log.append(new AgentEvent(clock.instant(), AgentEvent.COUNTERS, null, null, "process attribution",
                processes.counters()));
        log.append(new AgentEvent(clock.instant(), AgentEvent.COUNTERS, null, null, "flow correlator",
                correlator.counters()));
    }

    @Override
    public void close() {
        processes.close();
        if (cgroups != null) {
            cgroups.close();
        }
    }
}
