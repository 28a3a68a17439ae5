package dev.runwall.cli;

import dev.runwall.sandbox.AddressPlan;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxException;
import dev.runwall.sandbox.SandboxSpec;
import dev.runwall.sandbox.Zone;
import dev.runwall.sandbox.ZoneException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code runwall sandbox up}. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Bring up a sandbox and leave it running (needs root).",
            "",
            "Creates the network namespaces rw-NAME-r (runner) and rw-NAME-i (internet) joined by a veth link,"
                    + " with IPv4 198.18.0.0/15 and IPv6 fd52:7761:6c6c::/48 and no other route. The internet serves"
                    + " the zone: DNS over UDP and TCP at 198.18.0.53 and fd52:7761:6c6c:ffff::53 (the runner's"
                    + " resolv.conf points there), HTTP '200 OK' naming the host on every listed TCP port, UDP echo"
                    + " on every listed UDP port. Leftovers of a crashed sandbox of the same name are removed first.",
        })
final class SandboxUpCommand implements Callable<Integer> {
    @Mixin SandboxNameOption name;

    @Option(names = "--zone", required = true, paramLabel = "ZONE.yml",
            description = "The zone: hosts, cnames, records, resolvers (docs/sandbox.md; see 'runwall sandbox zone-example').")
    Path zone;

    @Option(names = "--query-log", paramLabel = "FILE",
            description = "Append every query the internet's DNS receives to FILE, one JSON object per line"
                    + " (time, name, type, transport, server, client, rcode).")
    Path queryLog;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long the internet server may take to start (default: ${DEFAULT-VALUE}).")
    int startTimeout;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Zone parsed;
        try {
            parsed = Zone.parse(zone);
        } catch (ZoneException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, e.getMessage(), e);
        }
        Sandbox sandbox;
        try {
            SandboxSpec sandboxSpec = SandboxSpec.of(name.name, parsed).withStartTimeout(Duration.ofSeconds(startTimeout));
            sandbox = Sandbox.up(queryLog == null ? sandboxSpec : sandboxSpec.withQueryLog(queryLog));
        } catch (SandboxException e) {
            throw SandboxCommand.exitFor(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sandbox '%s' is up (internet server pid %d)%n", sandbox.name(), sandbox.serverPid().orElse(-1));
        out.printf("  runner:   network namespace %s, addresses %s and %s%n", sandbox.runnerNamespace(),
                AddressPlan.text(AddressPlan.RUNNER_V4), AddressPlan.text(AddressPlan.RUNNER_V6));
        out.printf("  internet: network namespace %s, resolver %s and %s%n", sandbox.internetNamespace(),
                AddressPlan.text(AddressPlan.RESOLVER_V4), AddressPlan.text(AddressPlan.RESOLVER_V6));
        out.printf("  zone:     %d hosts, %d cnames, %d other records, %d extra resolvers%n", parsed.hosts().size(),
                parsed.cnames().size(), parsed.records().size(), parsed.resolvers().size());
        if (queryLog != null) {
            out.printf("  queries:  %s%n", queryLog.toAbsolutePath());
        }
        out.printf("run a command in it: runwall sandbox exec --name %s -- COMMAND...%n", sandbox.name());
        out.printf("remove it:           runwall sandbox down --name %s%n", sandbox.name());
        out.flush();
        return ExitCodes.OK;
    }
}
