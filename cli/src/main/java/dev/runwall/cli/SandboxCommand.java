package dev.runwall.cli;

import dev.runwall.sandbox.SandboxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code runwall sandbox}: the simulated internet in network namespaces, for the demo and for tests. */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {
            "A simulated internet in network namespaces, for the demo and for tests (needs root).",
            "",
            "A 'runner' namespace (where jobs run) is joined to an 'internet' namespace that serves a zone:"
                    + " DNS over UDP and TCP, HTTP on the hosts' TCP ports, UDP echo on their UDP ports. The runner"
                    + " has no other route: nothing it sends can leave the machine.",
            "",
            "Typical use:",
            "  runwall sandbox zone-example > zone.yml",
            "  sudo runwall sandbox up --name demo --zone zone.yml --query-log queries.jsonl",
            "  sudo runwall sandbox exec --name demo -- curl http://api.nuget.org/",
            "  sudo runwall sandbox down --name demo",
            "",
            "Zone format and address plan: docs/sandbox.md.",
        },
        subcommands = {
            SandboxUpCommand.class,
            SandboxExecCommand.class,
            SandboxDownCommand.class,
            SandboxListCommand.class,
            SandboxZoneExampleCommand.class,
        })
public final class SandboxCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: up, exec, down, list or zone-example.");
    }

    /** The exit code of a sandbox failure: the user's input (2) or the machine's state (3). */
    static ExitException exitFor(SandboxException e) {
        int code = e.reason() == SandboxException.Reason.INVALID_INPUT ? ExitCodes.INVALID_INPUT : ExitCodes.STATE;
        return new ExitException(code, e.getMessage(), e);
    }
}
