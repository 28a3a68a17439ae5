package dev.runwall.agent.step;

import dev.runwall.agent.process.ProcessNode;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.agent.process.ProcessViews;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcessLineage;
import java.util.Optional;

/**
 * Steps under {@code runwall run}, causally, in three ways from the strongest to the weakest:
 * <ol>
 *   <li>the step whose root (a direct child of runwall) is in the process's parent chain as procfs shows it;
 *   <li>the same with the chain of the process table, which keeps the parents a process was started by
 *       (a background process whose parent exited is reparented in procfs, not in the table);
 *   <li>the step cgroup the process is in (inherited through every fork, setsid and double fork).
 * </ol>
 * Nothing is ever derived from the time of an event.
 */
public final class RunSteps implements CausalSteps {
    private final StepRootRegistry roots;
    private final ProcessTable table;
    private final StepCgroups cgroups;
    private final ProcFs proc;

    /**
     * @param table the process table, or null when audit is not available
     * @param cgroups the step cgroups, or null when there is no writable cgroup v2 hierarchy
     */
    public RunSteps(StepRootRegistry roots, ProcessTable table, StepCgroups cgroups, ProcFs proc) {
        this.roots = roots;
        this.table = table;
        this.cgroups = cgroups;
        this.proc = proc;
    }

    @Override
    public Optional<String> stepOf(ProcessLineage lineage) {
        Optional<String> step = roots.stepOf(lineage);
        if (step.isPresent()) {
            return step;
        }
        Optional<ProcessNode> node = table == null ? Optional.empty() : table.find(lineage.self());
        if (node.isPresent()) {
            return stepOf(node.get());
        }
        return cgroupStep(lineage.self().pid(), lineage.self().startTime(), null);
    }

    @Override
    public Optional<String> stepOf(ProcessNode node) {
        Optional<String> step = roots.stepOf(ProcessViews.lineage(node));
        return step.isPresent() ? step : cgroupStep(node.pid(), node.startTime(), node.image().cgroup());
    }

    /** The step cgroup of a process: read now from procfs while it runs, else as the table recorded it. */
    private Optional<String> cgroupStep(int pid, long startTime, String recorded) {
        if (cgroups == null) {
            return Optional.empty();
        }
        String now = proc.stat(pid).filter(s -> s.startTime() == startTime || startTime == ProcessTable.UNKNOWN_START)
                .flatMap(s -> proc.read(pid + "/cgroup"))
                .map(dev.runwall.agent.process.CgroupFile::parse).map(c -> c.unifiedPath()).orElse(null);
        Optional<String> step = cgroups.stepOf(now);
        return step.isPresent() ? step : cgroups.stepOf(recorded);
    }
}
