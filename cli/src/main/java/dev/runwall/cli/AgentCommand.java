package dev.runwall.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code runwall agent}: the agent as a daemon (the GitHub action's pre and post steps use it). */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Runwall agent as a daemon in the current network namespace (needs root): the DNS gate, the "
                    + "kernel firewall (nftables table 'inet runwall') and the event log.",
            "",
            "Typical use:",
            "  sudo runwall agent start --egress-policy block --allowed-endpoints 'api.nuget.org:443' --report-dir out",
            "  ... the job ...",
            "  sudo runwall agent stop        # writes out/report.json and out/summary.md",
            "",
            "Fail modes: block mode is fail-closed (the rules stay in the kernel if the agent dies; "
                    + "'runwall agent stop --cleanup' or a new start puts things right); audit mode is fail-open "
                    + "(a supervisor restores DNS within 2 s if the agent dies). Details: docs/FIREWALL.md.",
        },
        subcommands = {
            AgentStartCommand.class,
            AgentStopCommand.class,
            AgentStatusCommand.class,
            AgentSuperviseCommand.class,
        })
public final class AgentCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: start, stop or status.");
    }
}
