package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.netns.ExternalCommand;
import dev.runwall.sandbox.internal.netns.HostTools;
import dev.runwall.sandbox.internal.netns.NamespaceCommands;
import dev.runwall.sandbox.internal.netns.SandboxCleaner;
import dev.runwall.sandbox.internal.netns.SandboxCreator;
import dev.runwall.sandbox.internal.netns.SandboxLayout;
import dev.runwall.sandbox.internal.netns.SandboxState;
import dev.runwall.sandbox.internal.netns.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated internet in network namespaces: a "runner" namespace ({@code rw-NAME-r}) whose only
 * routes lead to an "internet" namespace ({@code rw-NAME-i}) that serves the zone (DNS, HTTP, UDP echo).
 * Needs root. Typical test use:
 *
 * <pre>{@code
 * try (Sandbox sandbox = SandboxTestKit.up("mytest", zone)) {
 *     ExecResult r = sandbox.exec(Duration.ofSeconds(10), "curl", "-s", "http://api.example.test/");
 *     assertThat(r.requireSuccess().stdout()).isEqualTo("api.example.test\n");
 *     assertThat(sandbox.queryLog().contains("api.example.test")).isTrue();
 * }
 * }</pre>
 *
 * The addresses are fixed ({@link AddressPlan}); sandboxes with different names run side by side.
 */
public final class Sandbox implements AutoCloseable {
    private final SandboxLayout layout;
    private final Zone zone;
    private final NamespaceCommands commands;

    private Sandbox(SandboxLayout layout, Zone zone, NamespaceCommands commands) {
        this.layout = layout;
        this.zone = zone;
        this.commands = commands;
    }

    /**
     * Creates the sandbox and waits until its internet serves. Leftovers of a crashed sandbox of the same
     * name are removed first; a sandbox of that name that is still up is an error.
     */
    public static Sandbox up(SandboxSpec spec) {
        NamespaceCommands commands = checkedCommands();
        SandboxLayout layout = SandboxLayout.of(spec.name());
        OptionalLong running = ServerProcess.runningPid(layout);
        if (running.isPresent()) {
            throw new SandboxException(SandboxException.Reason.STATE, "sandbox '" + spec.name()
                    + "' is already up (internet server pid " + running.getAsLong() + "): use it, or remove it first"
                    + " with 'runwall sandbox down --name " + spec.name() + "'");
        }
        var cleaner = new SandboxCleaner(commands);
        cleaner.clean(layout);
        Path logDirectory = spec.queryLog().map(Path::getParent).orElse(layout.stateDirectory());
        if (!logDirectory.equals(layout.stateDirectory()) && !Files.isDirectory(logDirectory)) {
            throw new SandboxException(SandboxException.Reason.INVALID_INPUT, "the directory of the query log "
                    + spec.queryLog().get() + " does not exist: create it or choose another file");
        }
        try {
            new SandboxCreator(commands).create(layout, spec.zone(), spec.queryLog(), spec.startTimeout());
        } catch (RuntimeException e) {
            try {
                cleaner.clean(layout);
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
        return new Sandbox(layout, spec.zone(), commands);
    }

    /** A handle on a sandbox that an earlier process brought up (e.g. {@code runwall sandbox up}). */
    public static Sandbox attach(String name) {
        NamespaceCommands commands = checkedCommands();
        SandboxLayout layout = SandboxLayout.of(name);
        if (!commands.exists(layout.runnerNamespace()) || !Files.exists(layout.zoneFile())) {
            throw new SandboxException(SandboxException.Reason.STATE, "no sandbox named '" + name + "' is up: start"
                    + " one with 'runwall sandbox up --name " + name + " --zone ZONE.yml'");
        }
        try {
            return new Sandbox(layout, Zone.parse(layout.zoneFile()), commands);
        } catch (ZoneException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "the state of sandbox '" + name + "' is damaged ("
                    + e.getMessage() + "): remove it with 'runwall sandbox down --name " + name + "'", e);
        }
    }

    /**
     * Removes everything of the named sandbox, up or crashed: server, processes in its namespaces,
     * namespaces, {@code /etc/netns} entries, state. Returns what was removed (empty if nothing was there).
     */
    public static List<String> cleanup(String name) {
        return new SandboxCleaner(checkedCommands()).clean(SandboxLayout.of(name));
    }

    /** The sandboxes on this machine: those with state and those whose namespaces are left over. */
    public static List<SandboxStatus> list() {
        List<String> namespaces = NamespaceCommands.namespaces(SandboxLayout.NETNS_RUN);
        var names = new TreeSet<String>();
        Pattern own = Pattern.compile("rw-([a-z0-9][a-z0-9-]*)-[ri]");
        for (String ns : namespaces) {
            Matcher m = own.matcher(ns);
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        if (Files.isDirectory(SandboxLayout.STATE_ROOT)) {
            try (var dirs = Files.list(SandboxLayout.STATE_ROOT)) {
                dirs.map(d -> d.getFileName().toString()).forEach(names::add);
            } catch (java.io.IOException e) {
                throw new SandboxException(SandboxException.Reason.STATE, "cannot list " + SandboxLayout.STATE_ROOT, e);
            }
        }
        var out = new ArrayList<SandboxStatus>();
        for (String name : names) {
            SandboxLayout layout;
            try {
                layout = SandboxLayout.of(name);
            } catch (SandboxException e) {
                continue; // not one of ours
            }
            var state = SandboxState.read(layout.stateFile());
            out.add(new SandboxStatus(name, ServerProcess.runningPid(layout),
                    namespaces.stream().filter(layout::ownsNamespace).toList(),
                    state.flatMap(SandboxState::queryLog),
                    state.map(s -> List.copyOf(s.containers().keySet())).orElse(List.of())));
        }
        return out;
    }

    public String name() {
        return layout.name();
    }

    public Zone zone() {
        return zone;
    }

    /** Where the job runs: {@code ip netns exec} this to be "on the runner". */
    public String runnerNamespace() {
        return layout.runnerNamespace();
    }

    public String internetNamespace() {
        return layout.internetNamespace();
    }

    /** The internet server's pid while it runs. */
    public OptionalLong serverPid() {
        return ServerProcess.runningPid(layout);
    }

    /** The query log; fails if the sandbox was started without one ({@link SandboxSpec#withQueryLog()}). */
    public QueryLog queryLog() {
        return state().queryLog().map(QueryLog::new).orElseThrow(() -> new IllegalStateException("sandbox '"
                + name() + "' was started without a query log: use SandboxSpec.withQueryLog() or --query-log"));
    }

    /** Runs a command in the runner namespace (as root, with the runner's resolv.conf) and waits for it. */
    public ExecResult exec(Duration timeout, String... command) {
        return exec(timeout, List.of(command));
    }

    public ExecResult exec(Duration timeout, List<String> command) {
        return ExternalCommand.run(commands.inNamespace(runnerNamespace(), command), timeout);
    }

    /** A process builder for a command in the runner namespace, for processes the caller manages itself. */
    public ProcessBuilder processBuilder(String... command) {
        return processBuilder(List.of(command));
    }

    public ProcessBuilder processBuilder(List<String> command) {
        return new ProcessBuilder(commands.inNamespace(runnerNamespace(), command));
    }

    /**
     * A JVM in the runner namespace with this JVM's java binary and class path, running {@code mainClass},
     * with native access enabled as the runwall launcher does.
     */
    public ProcessBuilder javaProcessBuilder(String mainClass, String... args) {
        return javaProcessBuilder(List.of(), mainClass, args);
    }

    /** The same, with extra JVM options (e.g. {@code -Xmx256m}, {@code -Dkey=value}). */
    public ProcessBuilder javaProcessBuilder(List<String> jvmOptions, String mainClass, String... args) {
        var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return processBuilder(command);
    }

    /**
     * Adds a "container": namespace {@code rw-NAME-cID} on a bridge inside the runner namespace, with the
     * bridge gateway as default route and resolver, its traffic masqueraded as the runner's.
     */
    public synchronized SandboxContainer addContainer(String id) {
        SandboxLayout.checkContainerId(id);
        SandboxState state = state();
        if (state.containers().containsKey(id)) {
            throw new SandboxException(SandboxException.Reason.INVALID_INPUT, "sandbox '" + name()
                    + "' already has a container '" + id + "'");
        }
        int number = state.nextContainerNumber();
        if (number > AddressPlan.MAX_CONTAINERS) {
            throw new SandboxException(SandboxException.Reason.STATE, "sandbox '" + name() + "' has "
                    + AddressPlan.MAX_CONTAINERS + " containers, all the bridge network holds");
        }
        new SandboxCreator(commands).addContainer(layout, id, number);
        state.withContainer(id, number).write(layout.stateFile());
        return new SandboxContainer(this, id, layout.containerNamespace(id), number);
    }

    public synchronized List<SandboxContainer> containers() {
        var out = new ArrayList<SandboxContainer>();
        for (Map.Entry<String, Integer> c : state().containers().entrySet()) {
            out.add(new SandboxContainer(this, c.getKey(), layout.containerNamespace(c.getKey()), c.getValue()));
        }
        return out;
    }

    synchronized void removeContainer(String id) {
        new SandboxCreator(commands).removeContainer(layout, id);
        state().withoutContainer(id).write(layout.stateFile());
    }

    NamespaceCommands commands() {
        return commands;
    }

    /** Removes the sandbox (see {@link #cleanup(String)}); safe to call twice. */
    public void down() {
        new SandboxCleaner(commands).clean(layout);
    }

    @Override
    public void close() {
        down();
    }

    @Override
    public String toString() {
        return "Sandbox[" + name() + "]";
    }

    private SandboxState state() {
        return SandboxState.read(layout.stateFile()).orElseThrow(() -> new SandboxException(
                SandboxException.Reason.STATE, "sandbox '" + name() + "' is gone (no state in " + layout.stateDirectory() + ")"));
    }

    private static NamespaceCommands checkedCommands() {
        List<String> problems = HostTools.problems();
        if (!problems.isEmpty()) {
            throw new SandboxException(SandboxException.Reason.STATE, "cannot run a network sandbox here:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new NamespaceCommands(HostTools.locate().orElseThrow(), SandboxLayout.NETNS_RUN);
    }
}
