package dev.runwall.sandbox.internal.netns;

import dev.runwall.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes everything of one sandbox, whether it was shut down cleanly or crashed: the server, any
 * process left in its namespaces, the namespaces (and with them every link, bridge and nft table inside),
 * the {@code /etc/netns} directories and the state directory. Touches nothing that is not the sandbox's.
 */
public final class SandboxCleaner {
    private static final long PROCESS_GRACE_MILLIS = 2_000;
    private final NamespaceCommands commands;

    public SandboxCleaner(NamespaceCommands commands) {
        this.commands = commands;
    }

    /** Returns what was removed (empty when nothing of the sandbox existed); errors are collected and thrown at the end. */
    public List<String> clean(SandboxLayout layout) {
        var removed = new ArrayList<String>();
        var errors = new ArrayList<String>();
        ServerProcess.runningPid(layout).ifPresent(pid -> {
            ServerProcess.stop(pid);
            removed.add("internet server (pid " + pid + ")");
        });
        for (String namespace : commands.namespaces()) {
            if (!layout.ownsNamespace(namespace)) {
                continue;
            }
            int killed = killProcesses(namespace);
            if (killed > 0) {
                removed.add(killed + " process(es) left in " + namespace);
            }
            try {
                commands.deleteNamespace(namespace);
                removed.add("network namespace " + namespace);
            } catch (RuntimeException e) {
                errors.add(e.getMessage());
            }
        }
        for (Path dir : list(layout.netnsEtc())) {
            if (layout.ownsNamespace(dir.getFileName().toString())) {
                delete(dir, removed, errors);
            }
        }
        delete(layout.stateDirectory(), removed, errors);
        if (!errors.isEmpty()) {
            throw new SandboxException(SandboxException.Reason.STATE,
                    "could not remove everything of sandbox '" + layout.name() + "':\n  " + String.join("\n  ", errors));
        }
        return removed;
    }

    /** A namespace lives on while processes are inside: end them (they belong to the sandbox). */
    private int killProcesses(String namespace) {
        List<ProcessHandle> processes = commands.pids(namespace).stream()
                .flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + PROCESS_GRACE_MILLIS;
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return processes.size();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void delete(Path dir, List<String> removed, List<String> errors) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            removed.add(dir.toString());
        } catch (IOException e) {
            errors.add("cannot delete " + dir + ": " + e);
        }
    }
}
