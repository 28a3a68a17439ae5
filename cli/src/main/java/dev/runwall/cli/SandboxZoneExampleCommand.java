package dev.runwall.cli;

import dev.runwall.sandbox.Zone;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code runwall sandbox zone-example}. */
@Command(
        name = "zone-example",
        mixinStandardHelpOptions = true,
        description = "Print an example zone file (every feature of the format, with comments) to start from.")
final class SandboxZoneExampleCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Zone.exampleText());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
