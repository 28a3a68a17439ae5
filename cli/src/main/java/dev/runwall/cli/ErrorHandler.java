package dev.runwall.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Turns exceptions into a one-line message on stderr and a documented exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        if (ex instanceof ExitException exit) {
            if (exit.getMessage() != null && !exit.getMessage().isEmpty()) {
                err.println(cl.getColorScheme().errorText("runwall: " + exit.getMessage()));
            }
            err.flush();
            return exit.exitCode();
        }
        if (ex instanceof dev.runwall.sandbox.SandboxException sx) {
            err.println(cl.getColorScheme().errorText("runwall: " + sx.getMessage()));
            err.flush();
            return sx.reason() == dev.runwall.sandbox.SandboxException.Reason.INVALID_INPUT
                    ? ExitCodes.INVALID_INPUT : ExitCodes.STATE;
        }
        err.println(cl.getColorScheme().errorText("runwall: internal error: " + ex));
        ex.printStackTrace(err);
        err.println("This is a bug in runwall; please report it with the output above.");
        err.flush();
        return ExitCodes.INTERNAL;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText("runwall: " + ex.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    static int exitCodeOf(Throwable t) {
        if (t instanceof dev.runwall.sandbox.SandboxException sx) {
            return sx.reason() == dev.runwall.sandbox.SandboxException.Reason.INVALID_INPUT
                    ? ExitCodes.INVALID_INPUT : ExitCodes.STATE;
        }
        return t instanceof ExitException e ? e.exitCode() : ExitCodes.INTERNAL;
    }
}
