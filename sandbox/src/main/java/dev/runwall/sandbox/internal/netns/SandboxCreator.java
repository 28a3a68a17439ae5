package dev.runwall.sandbox.internal.netns;

import dev.runwall.sandbox.SandboxException;
import dev.runwall.sandbox.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Builds a sandbox's namespaces, links, addresses and resolver files, and starts its internet server. */
public final class SandboxCreator {
    private final NamespaceCommands commands;

    public SandboxCreator(NamespaceCommands commands) {
        this.commands = commands;
    }

    /** Creates everything and returns the server's pid; the caller cleans up if this throws. */
    public long create(SandboxLayout layout, Zone zone, Optional<Path> queryLog, Duration startTimeout) {
        write(layout.zoneFile(), zone.toYaml());
        new SandboxState(Instant.now(), queryLog, Map.of()).write(layout.stateFile());
        String runner = layout.runnerNamespace();
        String internet = layout.internetNamespace();
        commands.addNamespace(runner);
        commands.addNamespace(internet);
        commands.sysctl(runner, NetworkPlan.NO_DAD);
        commands.sysctl(internet, NetworkPlan.NO_DAD);
        commands.addVeth(runner, NetworkPlan.LINK, internet, NetworkPlan.LINK);
        commands.batch(internet, NetworkPlan.internet(zone));
        commands.batch(runner, NetworkPlan.runner());
        write(layout.etcDirectory(runner).resolve("resolv.conf"), NetworkPlan.runnerResolvConf(layout.name()));
        return new ServerProcess(commands).start(layout, queryLog, startTimeout);
    }

    /** A container namespace on the runner's bridge (created with the first container), as Docker does it. */
    public void addContainer(SandboxLayout layout, String id, int number) {
        String runner = layout.runnerNamespace();
        String container = layout.containerNamespace(id);
        if (!commands.linkExists(runner, NetworkPlan.BRIDGE)) {
            commands.batch(runner, NetworkPlan.bridge());
            commands.sysctl(runner, NetworkPlan.FORWARDING);
            commands.nft(runner, NetworkPlan.natRuleset());
        }
        commands.addNamespace(container);
        try {
            commands.sysctl(container, NetworkPlan.NO_DAD);
            commands.addVeth(container, NetworkPlan.LINK, runner, SandboxLayout.containerPort(id));
            commands.batch(runner, NetworkPlan.bridgePort(id));
            commands.batch(container, NetworkPlan.container(number));
            write(layout.etcDirectory(container).resolve("resolv.conf"), NetworkPlan.containerResolvConf(layout.name(), id));
        } catch (RuntimeException e) {
            removeContainer(layout, id);
            throw e;
        }
    }

    /** Removing the namespace removes its veth pair, and with it the bridge port. */
    public void removeContainer(SandboxLayout layout, String id) {
        String container = layout.containerNamespace(id);
        commands.pids(container).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (commands.exists(container)) {
            commands.deleteNamespace(container);
        }
        Path etc = layout.etcDirectory(container);
        try {
            Files.deleteIfExists(etc.resolve("resolv.conf"));
            Files.deleteIfExists(etc);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "cannot remove " + etc + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
