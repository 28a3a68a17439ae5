package dev.runwall.agent.step;

import java.util.List;

/**
 * A step to run: either a {@code run:} script (executed like GitHub's bash {@code run:} step) or a command
 * with arguments (the {@code -- CMD ARGS} form of {@code runwall run}).
 *
 * @param script bash script text, or null
 * @param command program and arguments, or empty
 */
public record StepSpec(String name, String script, List<String> command) {
    public StepSpec {
        command = command == null ? List.of() : List.copyOf(command);
        if ((script == null) == command.isEmpty()) {
            throw new IllegalArgumentException("a step has either a script or a command");
        }
    }

    public static StepSpec script(String name, String script) {
        return new StepSpec(name, script, List.of());
    }

    public static StepSpec command(String name, List<String> command) {
        return new StepSpec(name, null, command);
    }
}
