package dev.runwall.agent.step;

import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.core.event.StepEvent;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the steps of a job one after the other, as GitHub does: a {@code run:} script is executed with
 * {@code bash --noprofile --norc -e -o pipefail FILE}; the first failing step ends the job (later steps are
 * not run). Each step's root process is registered for causal attribution; step start and end are logged.
 */
public final class JobRunner {
    private final EventLog log;
    private final StepRootRegistry roots;
    private final ProcFs proc;
    private final Path workDir;
    private final Path scratch;
    private final Clock clock;
    private final StepCgroups cgroups;

    /**
     * @param workDir the directory steps run in
     * @param scratch a private directory for the step scripts
     */
    public JobRunner(EventLog log, StepRootRegistry roots, ProcFs proc, Path workDir, Path scratch, Clock clock) {
        this(log, roots, proc, workDir, scratch, clock, null);
    }

    /** @param cgroups one cgroup per step (see {@link StepCgroups}), or null to run steps in runwall's cgroup */
    public JobRunner(EventLog log, StepRootRegistry roots, ProcFs proc, Path workDir, Path scratch, Clock clock,
            StepCgroups cgroups) {
        this.cgroups = cgroups;
        this.log = log;
        this.roots = roots;
        this.proc = proc;
        this.workDir = workDir;
        this.scratch = scratch;
        this.clock = clock;
    }

    /** Runs the steps; returns the results of the steps that ran. */
    public List<StepResult> run(List<StepSpec> steps) throws IOException, InterruptedException {
        List<StepResult> results = new ArrayList<>();
        int index = 0;
        for (StepSpec step : steps) {
            index++;
            StepResult r = runOne("step-" + index, step, index);
            results.add(r);
            if (r.exitCode() != 0) {
                break;
            }
        }
        return results;
    }

    private StepResult runOne(String id, StepSpec step, int index) throws IOException, InterruptedException {
        List<String> command = step.command();
        if (step.script() != null) {
            Path script = scratch.resolve("step-" + index + ".sh");
            Files.writeString(script, step.script(), StandardCharsets.UTF_8);
            command = List.of("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script.toString());
        }
        if (cgroups != null) {
            command = cgroups.wrap(id, command);
        }
        log.append(new StepEvent(clock.instant(), id, step.name(), StepEvent.Phase.STARTED, null));
        Process p;
        roots.starting();
        try {
            p = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO().start();
        } catch (IOException e) {
            roots.startFailed();
            log.append(new StepEvent(clock.instant(), id, step.name(), StepEvent.Phase.ENDED, 127));
            throw new IOException("step '" + step.name() + "': cannot start " + step.command().stream().findFirst().orElse("bash") + ": " + e.getMessage(), e);
        }
        // Registered at once; a lookup made before this waits for it (see StepRootRegistry). Until we reap
        // the child its pid cannot be reused, so the pid identifies it even if it already exited.
        int pid = (int) p.pid();
        roots.register(id, pid, proc.stat(pid).map(ProcStat::startTime).orElse(StepRootRegistry.UNKNOWN_START));
        int exit = p.waitFor();
        log.append(new StepEvent(clock.instant(), id, step.name(), StepEvent.Phase.ENDED, exit));
        return new StepResult(id, step.name(), exit);
    }
}
