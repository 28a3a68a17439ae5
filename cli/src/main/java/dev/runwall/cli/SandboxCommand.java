package dev.runwall.cli;

import picocli.CommandLine.Command;

/** Placeholder: replaced by the real command. */
@Command(name = "sandbox", description = "(not yet implemented)")
public final class SandboxCommand implements Runnable {
    @Override
    public void run() {
        throw new ExitException(ExitCodes.STATE, "'runwall sandbox' is not implemented yet.");
    }
}
