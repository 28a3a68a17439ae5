package dev.runwall.cli;

import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runwall sandbox exec}. */
@Command(
        name = "exec",
        mixinStandardHelpOptions = true,
        modelTransformer = SandboxExecCommand.StopAtCommand.class,
        description = {
            "Run a command in the runner namespace of a sandbox, as root, in the current directory, with the"
                    + " sandbox's resolv.conf, and exit with the command's exit code.",
            "",
            "Everything from the first argument that is not a runwall option belongs to the command; '--'"
                    + " makes that explicit:",
            "  runwall sandbox exec --name demo -- dig -t AAAA api.nuget.org",
        })
final class SandboxExecCommand implements Callable<Integer> {
    /** GitHub Actions' longest job: no command of a CI job runs longer. */
    private static final String DEFAULT_TIMEOUT = "21600";

    @Mixin SandboxNameOption name;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = DEFAULT_TIMEOUT,
            description = "Kill the command after this many seconds (default: ${DEFAULT-VALUE}, six hours).")
    long timeout;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Everything from the first positional argument on is the command's, options included. */
    static final class StopAtCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec commandSpec) {
            commandSpec.parser().stopAtPositional(true);
            return commandSpec;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Sandbox sandbox;
        try {
            sandbox = Sandbox.attach(name.name);
        } catch (SandboxException e) {
            throw SandboxCommand.exitFor(e);
        }
        if (sandbox.serverPid().isEmpty()) {
            spec.commandLine().getErr().printf("runwall: warning: the internet server of sandbox '%s' is not running"
                    + " (crashed?); bring it up again with 'runwall sandbox up'%n", sandbox.name());
            spec.commandLine().getErr().flush();
        }
        Process process;
        try {
            process = sandbox.processBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new ExitException(ExitCodes.STATE, "cannot run the command: " + e.getMessage(), e);
        }
        if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new ExitException(ExitCodes.FAILURE, "'" + String.join(" ", command) + "' ran longer than "
                    + timeout + " s and was killed (raise --timeout)");
        }
        return process.exitValue();
    }
}
