package dev.runwall.sandbox.internal.netns;

import dev.runwall.sandbox.SandboxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a sandbox lives: its namespace names ({@code rw-NAME-r}, {@code rw-NAME-i},
 * {@code rw-NAME-cID}), its state directory and its {@code /etc/netns} directories.
 */
public record SandboxLayout(String name, Path stateRoot, Path netnsEtc, Path netnsRun) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?");
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-z0-9]{1,8}");
    public static final Path STATE_ROOT = Path.of("/run/runwall/sandbox");
    /** Where {@code ip netns} keeps its namespace handles and where {@code ip netns exec} finds its files. */
    public static final Path NETNS_RUN = Path.of("/run/netns");
    public static final Path NETNS_ETC = Path.of("/etc/netns");

    public SandboxLayout {
        checkName(name);
    }

    public static SandboxLayout of(String name) {
        return new SandboxLayout(name, STATE_ROOT, NETNS_ETC, NETNS_RUN);
    }

    /** Names become namespace names and file names: short, lower-case letters, digits and inner dashes. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SandboxException(SandboxException.Reason.INVALID_INPUT, "invalid sandbox name '" + name
                    + "': use 1 to 24 lower-case letters, digits and dashes, starting and ending with a letter or"
                    + " digit (e.g. demo or dns-it-4f2a)");
        }
    }

    /** Container ids become interface names ({@code vc-ID}): up to 8 lower-case letters and digits. */
    public static void checkContainerId(String id) {
        if (id == null || !CONTAINER_ID.matcher(id).matches()) {
            throw new SandboxException(SandboxException.Reason.INVALID_INPUT, "invalid container id '" + id
                    + "': use 1 to 8 lower-case letters and digits (e.g. 1 or web)");
        }
    }

    public String runnerNamespace() {
        return "rw-" + name + "-r";
    }

    public String internetNamespace() {
        return "rw-" + name + "-i";
    }

    public String containerNamespace(String id) {
        return "rw-" + name + "-c" + id;
    }

    /** The runner-side interface of a container's veth, attached to the bridge. */
    public static String containerPort(String id) {
        return "vc-" + id;
    }

    /** Matches exactly this sandbox's namespaces (container ids have no dashes, so no other sandbox's). */
    public boolean ownsNamespace(String namespace) {
        return namespace.matches("rw-" + Pattern.quote(name) + "-(r|i|c[a-z0-9]{1,8})");
    }

    public Path stateDirectory() {
        return stateRoot.resolve(name);
    }

    public Path zoneFile() {
        return stateDirectory().resolve("zone.yml");
    }

    public Path readyFile() {
        return stateDirectory().resolve("ready");
    }

    public Path pidFile() {
        return stateDirectory().resolve("server.pid");
    }

    public Path serverLog() {
        return stateDirectory().resolve("server.log");
    }

    public Path stateFile() {
        return stateDirectory().resolve("sandbox.properties");
    }

    public Path defaultQueryLog() {
        return stateDirectory().resolve("queries.jsonl");
    }

    public Path etcDirectory(String namespace) {
        return netnsEtc.resolve(namespace);
    }
}
