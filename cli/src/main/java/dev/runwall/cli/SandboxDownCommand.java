package dev.runwall.cli;

import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code runwall sandbox down}. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Remove a sandbox, whether it is up or crashed: its internet server, every process left in its"
                    + " namespaces, the namespaces with their links, /etc/netns/rw-NAME-* and its state in"
                    + " /run/runwall/sandbox/NAME. A query log given to 'up' is kept.",
        })
final class SandboxDownCommand implements Callable<Integer> {
    @Mixin SandboxNameOption name;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> removed;
        try {
            removed = Sandbox.cleanup(name.name);
        } catch (SandboxException e) {
            throw SandboxCommand.exitFor(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (removed.isEmpty()) {
            out.printf("nothing of sandbox '%s' was left%n", name.name);
        } else {
            out.printf("sandbox '%s' removed:%n", name.name);
            removed.forEach(r -> out.printf("  %s%n", r));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
