package dev.runwall.cli;

import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxException;
import dev.runwall.sandbox.SandboxStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code runwall sandbox list}. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the sandboxes on this machine: up, or crashed (remove those with 'runwall sandbox down').")
final class SandboxListCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<SandboxStatus> sandboxes;
        try {
            sandboxes = Sandbox.list();
        } catch (SandboxException e) {
            throw SandboxCommand.exitFor(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (sandboxes.isEmpty()) {
            out.println("no sandboxes");
        } else {
            out.printf("%-24s  %-8s  %-8s  %-10s  %s%n", "NAME", "STATE", "PID", "CONTAINERS", "QUERY LOG");
            for (SandboxStatus s : sandboxes) {
                out.printf("%-24s  %-8s  %-8s  %-10s  %s%n", s.name(), s.healthy() ? "up" : "crashed",
                        s.serverPid().isPresent() ? Long.toString(s.serverPid().getAsLong()) : "-",
                        s.containers().isEmpty() ? "-" : String.join(",", s.containers()),
                        s.queryLog().map(Object::toString).orElse("-"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
