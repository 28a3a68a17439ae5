package dev.runwall.cli;

import dev.runwall.agent.daemon.Supervisor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runwall agent supervise}: started by an audit-mode agent, never by hand. */
@Command(name = "supervise", hidden = true, description = "Wait for the agent to stop or die; restore DNS if it died.")
public final class AgentSuperviseCommand implements Callable<Integer> {
    @Option(names = "--state", required = true, paramLabel = "DIR") Path stateDir;

    @Option(names = "--pid", required = true, paramLabel = "PID") long pid;

    @Override
    public Integer call() throws IOException {
        Supervisor.Outcome outcome = Supervisor.watch(stateDir, pid, Clock.systemUTC());
        System.out.println("runwall supervisor: " + outcome);
        return outcome.problems().isEmpty() ? ExitCodes.OK : ExitCodes.STATE;
    }
}
