package dev.runwall.agent.step;

import dev.runwall.agent.process.ProcessNode;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.core.event.StepEvent;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcessLineage;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Steps on a GitHub Actions runner, causally: the runner's worker process ({@code Runner.Worker}) starts
 * each step's process as its direct child, with the step's identity in its environment. A process belongs
 * to the step of the worker's child in its parent chain (from the process table, which keeps the parents a
 * process was started by). Composite actions and nested processes resolve to their step because the runner
 * gives every sub-step the composite step's {@code GITHUB_ACTION}.
 *
 * <p>A process whose chain does not reach the worker (a daemon whose start the agent did not see) falls
 * back to its session: a step process that leads a session marks every process left in it. Otherwise it is
 * unattributed: never guessed from time.
 *
 * <p>As a table listener it also turns the worker's children into step events: {@code started} when the
 * first process of a step id appears, {@code ended} (with its exit status) whenever one of them exits.
 */
public final class RunnerSteps implements CausalSteps, ProcessTable.Listener, AutoCloseable {
    /** The worker's names: its comm and the file name of its executable. */
    public static final Set<String> WORKER_NAMES = Set.of("Runner.Worker");

    private final ProcessTable table;
    private final ProcFs proc;
    private final Set<String> workerNames;
    private final Consumer<StepEvent> stepEvents;
    private final Clock clock;
    private final Map<String, Boolean> started = new ConcurrentHashMap<>();
    private final Map<Integer, ProcessNode> sessionLeaders = new ConcurrentHashMap<>();
    private final WorkerChildren workerChildren;

    /**
     * Starts watching the worker's children in procfs (see {@link WorkerChildren}); add the instance to
     * the table as a listener, and close it at the end of the job.
     *
     * @param stepEvents receives the steps' {@code started} and {@code ended} events (the event log)
     */
    public RunnerSteps(ProcessTable table, ProcFs proc, Set<String> workerNames, Consumer<StepEvent> stepEvents, Clock clock) {
        this.workerChildren = new WorkerChildren(proc, workerNames, java.time.Duration.ofMillis(20));
        this.workerChildren.start();
        this.table = table;
        this.proc = proc;
        this.workerNames = Set.copyOf(workerNames);
        this.stepEvents = stepEvents;
        this.clock = clock;
    }

    @Override
    public Optional<String> stepOf(ProcessLineage lineage) {
        return table.find(lineage.self()).flatMap(this::stepOf);
    }

    @Override
    public Optional<String> stepOf(ProcessNode node) {
        return identityOf(node).map(RunnerStepIdentity::action);
    }

    /** The identity of the step the process belongs to. */
    public Optional<RunnerStepIdentity> identityOf(ProcessNode node) {
        for (ProcessNode n : ProcessTable.chain(node)) {
            if (n.parent() != null && isWorker(n.parent())) {
                return identityOfStepProcess(n);
            }
        }
        ProcessNode leader = sessionLeaders.get(node.image().sessionId());
        return leader == null || leader == node ? Optional.empty() : identityOfStepProcess(leader);
    }

    @Override
    public void execed(ProcessNode node) {
        if (node.parent() == null || !isWorker(node.parent())) {
            return;
        }
        identityOfStepProcess(node).ifPresent(id -> {
            if (node.image().sessionId() == node.pid()) {
                sessionLeaders.put(node.pid(), node);
            }
            if (started.putIfAbsent(id.action(), Boolean.TRUE) == null) {
                stepEvents.accept(new StepEvent(clock.instant(), id.action(), id.displayName(), StepEvent.Phase.STARTED, null));
            }
        });
    }

    @Override
    public void exited(ProcessNode node) {
        if (node.stepMark() instanceof RunnerStepIdentity id && node.parent() != null && isWorker(node.parent())) {
            stepEvents.accept(new StepEvent(clock.instant(), id.action(), id.displayName(), StepEvent.Phase.ENDED,
                    node.exitCode()));
        }
    }

    @Override
    public void close() {
        workerChildren.close();
    }

    boolean isWorker(ProcessNode node) {
        String exe = node.image().exe();
        String file = exe == null ? null : exe.substring(exe.lastIndexOf('/') + 1);
        return workerNames.contains(node.image().name()) || (file != null && workerNames.contains(file));
    }

    /** Read once from the step process's environment (while it runs) and kept on its node. */
    private Optional<RunnerStepIdentity> identityOfStepProcess(ProcessNode n) {
        if (n.stepMark() instanceof RunnerStepIdentity id) {
            return Optional.of(id);
        }
        Optional<RunnerStepIdentity> seen = workerChildren.identity(n.pid(), n.startTime());
        if (seen.isPresent()) {
            return Optional.of(n.markStep(seen.get()) instanceof RunnerStepIdentity marked ? marked : seen.get());
        }
        if (n.exited()) {
            return Optional.empty();
        }
        Optional<String> action = proc.environ(n.pid(), "GITHUB_ACTION");
        if (action.isEmpty() || !proc.stat(n.pid()).map(s -> s.startTime() == n.startTime()
                || n.startTime() == ProcessTable.UNKNOWN_START).orElse(false)) {
            return Optional.empty();
        }
        RunnerStepIdentity id = new RunnerStepIdentity(action.get(),
                proc.environ(n.pid(), "GITHUB_ACTION_REPOSITORY").orElse(""), proc.environ(n.pid(), "GITHUB_ACTION_REF").orElse(""));
        return n.markStep(id) instanceof RunnerStepIdentity marked ? Optional.of(marked) : Optional.of(id);
    }
}
