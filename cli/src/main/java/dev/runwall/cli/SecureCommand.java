package dev.runwall.cli;

import picocli.CommandLine.Command;

/** Placeholder: replaced by the real command. */
@Command(name = "secure", description = "(not yet implemented)")
public final class SecureCommand implements Runnable {
    @Override
    public void run() {
        throw new ExitException(ExitCodes.STATE, "'runwall secure' is not implemented yet.");
    }
}
