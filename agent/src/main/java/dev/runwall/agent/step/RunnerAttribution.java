package dev.runwall.agent.step;

import dev.runwall.agent.attribution.Attributors;
import dev.runwall.agent.attribution.ProcessAttribution;
import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.correlate.FlowCorrelator;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.core.event.StepEvent;
import dev.runwall.linux.procfs.ProcFs;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribution for the agent as a daemon on a GitHub Actions runner ({@code runwall agent start}): steps are
 * the children of the runner's worker process, identified by {@code GITHUB_ACTION} (see
 * {@link RunnerSteps}); their {@code started}/{@code ended} events go to the event log once it is attached
 * (events of steps that started earlier are kept until then).
 *
 * <pre>{@code
 * RunnerAttribution attribution = RunnerAttribution.start(ProcFs.system(), Clock.systemUTC());
 * Agent agent = Agent.start(options, attribution.steps(), attribution.attributor(options.listen()), clock);
 * attribution.attachLog(agent.eventLog());
 * ...                                          // the job runs
 * attribution.finish(agent.eventLog(), clock); // warnings and counters, before the agent stops
 * agent.stop();
 * attribution.close();
 * }</pre>
 */
public final class RunnerAttribution implements AutoCloseable {
    private final ProcessAttribution processes;
    private final RunnerSteps steps;
    private final FlowCorrelator correlator;
    private final List<StepEvent> early = new ArrayList<>();
    private EventLog log;

    private RunnerAttribution(ProcFs proc, Set<String> workerNames, Clock clock) {
        this.processes = ProcessAttribution.start(proc);
        this.steps = new RunnerSteps(processes.table(), proc, workerNames, this::stepEvent, clock);
        processes.table().addListener(steps);
        this.correlator = processes.correlator(steps);
    }

    /** Starts with the worker names of GitHub's runner ({@link RunnerSteps#WORKER_NAMES}). */
    public static RunnerAttribution start(ProcFs proc, Clock clock) {
        return new RunnerAttribution(proc, RunnerSteps.WORKER_NAMES, clock);
    }

    /** @param workerNames the worker's comm / executable names (a self-hosted runner under another name) */
    public static RunnerAttribution start(ProcFs proc, Set<String> workerNames, Clock clock) {
        return new RunnerAttribution(proc, workerNames, clock);
    }

    public RunnerSteps steps() {
        return steps;
    }

    public ProcessAttribution processes() {
        return processes;
    }

    public FlowCorrelator correlator() {
        return correlator;
    }

    public ProcessAttributor attributor(List<InetSocketAddress> proxyAddresses) {
        return processes.wrap(Attributors.best(proxyAddresses));
    }

    /** Step events from now on go to {@code log}; those seen before are appended first. */
    public synchronized void attachLog(EventLog eventLog) {
        this.log = eventLog;
        early.forEach(eventLog::append);
        early.clear();
    }

    /** Appends the warnings and the counters of process attribution and the correlator. */
    public void finish(EventLog eventLog, Clock clock) {
        processes.warning().ifPresent(w -> eventLog.append(
                new AgentEvent(clock.instant(), AgentEvent.WARNING, null, null, w, Map.of())));
        eventLog.append(new AgentEvent(clock.instant(), AgentEvent.COUNTERS, null, null, "process attribution",
                processes.counters()));
        eventLog.append(new AgentEvent(clock.instant(), AgentEvent.COUNTERS, null, null, "flow correlator",
                correlator.counters()));
    }

    private synchronized void stepEvent(StepEvent e) {
        if (log == null) {
            early.add(e);
        } else {
            log.append(e);
        }
    }

    @Override
    public void close() {
        steps.close();
        processes.close();
    }
}
