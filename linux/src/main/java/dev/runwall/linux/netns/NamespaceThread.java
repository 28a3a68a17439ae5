package dev.runwall.linux.netns;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.internal.Libc;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A dedicated platform thread that has joined a network namespace with
 * {@code setns(fd, CLONE_NEWNET)}. Linux keeps the network namespace per thread, so only this
 * thread is moved: the rest of the JVM stays where it is. The thread runs the calls given to
 * {@link #call} one after another and ends on {@link #close}; it is never handed back to a pool,
 * so no other code ever runs in the wrong namespace by accident.
 *
 * <p>Sockets keep the namespace they were created in: a socket opened here can be used from any
 * thread afterwards.
 */
public final class NamespaceThread implements AutoCloseable {
    private static final Runnable STOP = () -> { };

    private final Path namespaceFile;
    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    private NamespaceThread(Path namespaceFile, CompletableFuture<Void> entered) {
        this.namespaceFile = namespaceFile;
        this.thread = Thread.ofPlatform().daemon().name("netns " + namespaceFile).unstarted(() -> runIn(entered));
    }

    /**
     * Starts the thread and moves it into the namespace of {@code namespaceFile} (for example
     * {@code /run/netns/NAME} or {@code /proc/1/ns/net}).
     *
     * @throws ErrnoException when the file cannot be opened or {@code setns} is refused (needs
     *                        CAP_SYS_ADMIN)
     */
    public static NamespaceThread enter(Path namespaceFile) throws ErrnoException {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        NamespaceThread namespaceThread = new NamespaceThread(namespaceFile, entered);
        namespaceThread.thread.start();
        try {
            awaitUninterruptibly(entered);
        } catch (ExecutionException e) {
            throw (ErrnoException) e.getCause();
        }
        return namespaceThread;
    }

    public Path namespaceFile() {
        return namespaceFile;
    }

    /** Runs {@code task} on the namespace thread and returns its result (or rethrows its exception). */
    public <T, E extends Exception> T call(NamespacedCall<T, E> task) throws E {
        if (closed || !thread.isAlive()) {
            throw new IllegalStateException("namespace thread for " + namespaceFile + " is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        work.add(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return awaitUninterruptibly(result);
        } catch (ExecutionException e) {
            throw NamespaceThread.<E>sneaky(e.getCause());
        }
    }

    /** Ends the thread after the calls already queued. */
    @Override
    public void close() {
        closed = true;
        work.add(STOP);
    }

    private void runIn(CompletableFuture<Void> entered) {
        int fd = Libc.open(namespaceFile.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0) {
            entered.completeExceptionally(new ErrnoException("open network namespace " + namespaceFile, -fd));
            return;
        }
        int rc = Libc.setns(fd, Libc.CLONE_NEWNET);
        Libc.close(fd);
        if (rc < 0) {
            entered.completeExceptionally(new ErrnoException("setns(" + namespaceFile + ", CLONE_NEWNET)", -rc));
            return;
        }
        entered.complete(null);
        while (true) {
            Runnable next;
            try {
                next = work.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            next.run();
        }
    }

    /** Waits without giving up: the task runs anyway, and its result (a socket) must not leak. */
    private static <T> T awaitUninterruptibly(CompletableFuture<T> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Throwable t) throws E {
        if (t instanceof Error error) {
            throw error;
        }
        throw (E) t;
    }
}
