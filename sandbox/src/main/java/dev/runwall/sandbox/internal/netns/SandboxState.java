package dev.runwall.sandbox.internal.netns;

import dev.runwall.sandbox.SandboxException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a later command ({@code exec}, {@code down}, {@code list}) needs to know about a sandbox that an
 * earlier one created: when, its query log, its containers and their numbers on the bridge.
 */
public record SandboxState(Instant created, Optional<Path> queryLog, Map<String, Integer> containers) {

    public SandboxState {
        containers = Map.copyOf(containers);
    }

    public SandboxState withContainer(String id, int number) {
        var more = new TreeMap<>(containers);
        more.put(id, number);
        return new SandboxState(created, queryLog, more);
    }

    public SandboxState withoutContainer(String id) {
        var fewer = new TreeMap<>(containers);
        fewer.remove(id);
        return new SandboxState(created, queryLog, fewer);
    }

    /** The lowest bridge number no container uses. */
    public int nextContainerNumber() {
        int n = 1;
        while (containers.containsValue(n)) {
            n++;
        }
        return n;
    }

    public void write(Path file) {
        var p = new Properties();
        p.setProperty("created", created.toString());
        queryLog.ifPresent(q -> p.setProperty("queryLog", q.toString()));
        containers.forEach((id, n) -> p.setProperty("container." + id, Integer.toString(n)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "runwall sandbox state");
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<SandboxState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        var p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            var containers = new TreeMap<String, Integer>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("container.")) {
                    containers.put(key.substring("container.".length()), Integer.parseInt(p.getProperty(key)));
                }
            }
            return Optional.of(new SandboxState(Instant.parse(p.getProperty("created")),
                    Optional.ofNullable(p.getProperty("queryLog")).map(Path::of), containers));
        } catch (IOException | RuntimeException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "the sandbox state file " + file
                    + " is unreadable (" + e.getMessage() + "): remove the sandbox with 'runwall sandbox down'", e);
        }
    }
}
