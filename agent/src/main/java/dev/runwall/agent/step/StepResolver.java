package dev.runwall.agent.step;

import dev.runwall.linux.procfs.ProcessLineage;
import java.util.Optional;

/** Finds the step a process belongs to, causally (from its ancestry), never from timestamps. */
public interface StepResolver {
    /** The step id, or empty when the process is not (or no longer provably) inside a step. */
    Optional<String> stepOf(ProcessLineage lineage);
}
