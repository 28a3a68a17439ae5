package dev.runwall.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One sandbox found on the machine ({@link Sandbox#list()}).
 *
 * @param serverPid the internet server's pid when it is running; empty after a crash
 * @param namespaces the sandbox's network namespaces that exist
 * @param containers container ids recorded in the state directory
 */
public record SandboxStatus(String name, OptionalLong serverPid, List<String> namespaces, Optional<Path> queryLog,
        List<String> containers) {

    public SandboxStatus {
        namespaces = List.copyOf(namespaces);
        containers = List.copyOf(containers);
    }

    /** Up and serving: the server runs and both namespaces exist. */
    public boolean healthy() {
        return serverPid.isPresent() && namespaces.contains("rw-" + name + "-r") && namespaces.contains("rw-" + name + "-i");
    }
}
