package dev.runwall.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts runwall again, the way this process was started: the same java binary, its
 * options (native access, GC, …) and class path, and {@link Main}. For the agent daemon and its supervisor.
 */
final class SelfCommand {
    private SelfCommand() {}

    static List<String> current() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a debugger or coverage agent belongs to this process, not to the ones it starts
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent") && !option.startsWith("-Xrunjdwp")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return command;
    }
}
