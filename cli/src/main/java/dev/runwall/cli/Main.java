package dev.runwall.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code runwall} command line. */
@Command(
        name = "runwall",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Egress firewall and hardening kit for CI/CD runners.",
        subcommands = {
            RunCommand.class,
            AgentCommand.class,
            PolicyCommand.class,
            ReportCommand.class,
            DiffCommand.class,
            SandboxCommand.class,
            DemoCommand.class,
            SecureCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (no System.exit, for tests). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setUsageHelpAutoWidth(true);
        cl.setUsageHelpWidth(100);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
        applyExitCodeHelp(cl);
        return cl;
    }

    private static void applyExitCodeHelp(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
        for (CommandLine sub : cl.getSubcommands().values()) {
            applyExitCodeHelp(sub);
        }
    }
}
