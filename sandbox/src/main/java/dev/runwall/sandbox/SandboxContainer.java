package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.netns.ExternalCommand;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A "container" of a sandbox: its own namespace behind the runner's bridge, like a Docker container
 * behind {@code docker0}. Its traffic to the internet is forwarded and masqueraded by the runner.
 */
public final class SandboxContainer {
    private final Sandbox sandbox;
    private final String id;
    private final String namespace;
    private final int number;

    SandboxContainer(Sandbox sandbox, String id, String namespace, int number) {
        this.sandbox = sandbox;
        this.id = id;
        this.namespace = namespace;
        this.number = number;
    }

    public String id() {
        return id;
    }

    /** {@code rw-NAME-cID}. */
    public String namespace() {
        return namespace;
    }

    /** Its address on the bridge (the gateway is {@link AddressPlan#BRIDGE_GATEWAY_V4}). */
    public InetAddress ipv4() {
        return AddressPlan.containerV4(number);
    }

    public InetAddress ipv6() {
        return AddressPlan.containerV6(number);
    }

    /** Runs a command inside the container (its resolv.conf names the bridge gateway). */
    public ExecResult exec(Duration timeout, String... command) {
        return ExternalCommand.run(sandbox.commands().inNamespace(namespace, command), timeout);
    }

    public ProcessBuilder processBuilder(String... command) {
        return new ProcessBuilder(sandbox.commands().inNamespace(namespace, List.of(command)));
    }

    /** Removes the container's namespace and its bridge port. */
    public void remove() {
        sandbox.removeContainer(id);
    }

    @Override
    public String toString() {
        return "SandboxContainer[" + namespace + "]";
    }
}
