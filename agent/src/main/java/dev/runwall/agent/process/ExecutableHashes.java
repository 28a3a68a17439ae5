package dev.runwall.agent.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * SHA-256 of each executable, computed once per file version (path, size, modification time) on a
 * background thread, so the audit reader never waits for a 100 MB binary to be read. A caller asks for the
 * hash when it first sees a process run the file, and later finds it with {@link #lookup}.
 */
public final class ExecutableHashes {
    private record Version(String path, long size, long modified) {}

    private static final int MAX_FILES = 8192;
    private final Path procRoot;
    private final ExecutorService workers;
    private final Map<String, Version> versionOfPath = new ConcurrentHashMap<>();
    private final Map<Version, String> hashes = new ConcurrentHashMap<>();
    private final Map<Version, Boolean> pending = new ConcurrentHashMap<>();
    private final LongAdder computed = new LongAdder();

    /** @param procRoot where {@code PID/exe} is read while the process runs (the file may be deleted by then) */
    public ExecutableHashes(Path procRoot, ExecutorService workers) {
        this.procRoot = procRoot;
        this.workers = workers;
    }

    /** Starts hashing {@code exe} (as run by {@code pid}) unless this version of it is known or under way. */
    public void request(int pid, String exe) {
        if (exe == null) {
            return;
        }
        Version v = versionOf(exe);
        if (v == null || hashes.containsKey(v) || pending.putIfAbsent(v, Boolean.TRUE) != null) {
            return;
        }
        versionOfPath.put(exe, v);
        try {
            workers.execute(() -> {
                try {
                    hash(procRoot.resolve(pid + "/exe")).or(() -> hash(Path.of(exe))).ifPresent(h -> remember(v, h));
                } finally {
                    pending.remove(v);
                }
            });
        } catch (RejectedExecutionException stopping) {
            pending.remove(v);
        }
    }

    /** The hash of the version of {@code exe} last requested, if it is ready. */
    public Optional<String> lookup(String exe) {
        Version v = exe == null ? null : versionOfPath.get(exe);
        return v == null ? Optional.empty() : Optional.ofNullable(hashes.get(v));
    }

    /** Files hashed so far. */
    public long computed() {
        return computed.sum();
    }

    private void remember(Version v, String hash) {
        if (hashes.size() >= MAX_FILES) {
            hashes.clear();
        }
        hashes.put(v, hash);
        computed.increment();
    }

    private static Version versionOf(String exe) {
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(exe), BasicFileAttributes.class);
            return new Version(exe, a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException | RuntimeException e) {
            return new Version(exe, -1, -1); // gone or unreadable: /proc/PID/exe may still be readable
        }
    }

    static Optional<String> hash(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
