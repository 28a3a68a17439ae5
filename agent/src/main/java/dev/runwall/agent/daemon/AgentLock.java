package dev.runwall.agent.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * "An agent runs in this network namespace": a POSIX lock on {@code STATE/agent.lock}, held by the agent
 * for as long as it lives. The kernel releases it when the process dies, however it dies (SIGKILL too),
 * so it is a liveness signal that survives a crash and cannot be fooled by pid reuse: the supervisor
 * waits on it, and {@code runwall agent status} tests it.
 */
public final class AgentLock implements AutoCloseable {
    public static final String FILE = "agent.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, waiting at most {@code wait} for a holder to let go; empty if it did not. */
    public static Optional<AgentLock> tryAcquire(Path stateDir, Duration wait) throws IOException {
        FileChannel channel = open(stateDir);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(new AgentLock(channel, lock));
                }
                if (System.nanoTime() >= deadline) {
                    channel.close();
                    return Optional.empty();
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | OverlappingFileLockException e) {
            channel.close();
            throw e instanceof IOException io ? io : new IOException("the agent lock is already held by this process", e);
        }
    }

    /** Takes the lock, blocking until the holder lets go or dies (the supervisor's wait). */
    public static AgentLock acquire(Path stateDir) throws IOException {
        FileChannel channel = open(stateDir);
        try {
            return new AgentLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether some process holds the lock right now (tested by taking and releasing it). */
    public static boolean isHeld(Path stateDir) throws IOException {
        if (!stateDir.resolve(FILE).toFile().exists()) {
            return false;
        }
        Optional<AgentLock> probe = tryAcquire(stateDir, Duration.ZERO);
        probe.ifPresent(AgentLock::close);
        return probe.isEmpty();
    }

    private static FileChannel open(Path stateDir) throws IOException {
        java.nio.file.Files.createDirectories(stateDir);
        return FileChannel.open(stateDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock dies with the process at the latest
        }
    }
}
