package dev.runwall.sandbox.internal.netns;

import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code ip}, {@code sysctl} and {@code nft} calls of the sandbox, each bounded by a timeout. */
public final class NamespaceCommands {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HostTools tools;
    private final Path netnsRun;

    public NamespaceCommands(HostTools tools, Path netnsRun) {
        this.tools = tools;
        this.netnsRun = netnsRun;
    }

    public void addNamespace(String namespace) {
        ip("netns", "add", namespace);
    }

    public void deleteNamespace(String namespace) {
        ip("netns", "delete", namespace);
    }

    public boolean exists(String namespace) {
        return Files.exists(netnsRun.resolve(namespace));
    }

    /** Every named network namespace on the machine. */
    public List<String> namespaces() {
        return namespaces(netnsRun);
    }

    /** Every named network namespace (reading the directory needs no root and no tools). */
    public static List<String> namespaces(Path netnsRun) {
        if (!Files.isDirectory(netnsRun)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(netnsRun)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "cannot list " + netnsRun + ": " + e.getMessage(), e);
        }
    }

    /** A veth pair made inside the namespaces, so no name is ever taken in the host namespace. */
    public void addVeth(String namespace, String name, String peerNamespace, String peerName) {
        ip("-n", namespace, "link", "add", name, "type", "veth", "peer", "name", peerName, "netns", peerNamespace);
    }

    /** Several {@code ip} commands in one process (one per namespace instead of one per address). */
    public void batch(String namespace, List<String> lines) {
        byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        check(ExternalCommand.run(List.of(tools.ip().toString(), "-n", namespace, "-batch", "-"), TIMEOUT, input));
    }

    public void sysctl(String namespace, Map<String, String> settings) {
        var command = new ArrayList<>(inNamespace(namespace, tools.sysctl().toString(), "-q", "-w"));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        check(ExternalCommand.run(command, TIMEOUT));
    }

    public void nft(String namespace, String ruleset) {
        check(ExternalCommand.run(inNamespace(namespace, tools.nft().toString(), "-f", "-"), TIMEOUT,
                ruleset.getBytes(StandardCharsets.UTF_8)));
    }

    public boolean linkExists(String namespace, String link) {
        return ExternalCommand.run(List.of(tools.ip().toString(), "-n", namespace, "link", "show", "dev", link), TIMEOUT)
                .succeeded();
    }

    /** The processes inside a namespace. */
    public List<Long> pids(String namespace) {
        ExecResult result = ExternalCommand.run(List.of(tools.ip().toString(), "netns", "pids", namespace), TIMEOUT);
        if (!result.succeeded()) {
            return List.of();
        }
        return result.stdout().lines().map(String::strip).filter(l -> l.matches("[0-9]+")).map(Long::parseLong).toList();
    }

    /** {@code ip netns exec NS command…}: the command in the namespace, with its /etc/netns files mounted. */
    public List<String> inNamespace(String namespace, String... command) {
        return inNamespace(namespace, List.of(command));
    }

    public List<String> inNamespace(String namespace, List<String> command) {
        var full = new ArrayList<String>(List.of(tools.ip().toString(), "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    private void ip(String... args) {
        var command = new ArrayList<String>(List.of(tools.ip().toString()));
        command.addAll(List.of(args));
        check(ExternalCommand.run(command, TIMEOUT));
    }

    private static void check(ExecResult result) {
        if (!result.succeeded()) {
            throw new SandboxException(SandboxException.Reason.STATE, "'" + String.join(" ", result.command())
                    + "' failed (exit " + result.exitCode() + "): " + result.stderr().strip());
        }
    }
}
