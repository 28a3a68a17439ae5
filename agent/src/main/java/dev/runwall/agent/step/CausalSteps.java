package dev.runwall.agent.step;

import dev.runwall.agent.process.ProcessNode;
import java.util.Optional;

/**
 * A step resolver that also works from the process table, where a process keeps the parents that started
 * it: what a syscall record's process or a flow's process is resolved with.
 */
public interface CausalSteps extends StepResolver {
    /** The step of the process, or empty when it is not provably inside one. */
    Optional<String> stepOf(ProcessNode node);
}
