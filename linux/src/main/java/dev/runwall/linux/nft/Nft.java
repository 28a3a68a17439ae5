package dev.runwall.linux.nft;

import dev.runwall.linux.netns.NamespaceThread;
import dev.runwall.linux.nft.internal.LibNftables;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs nftables commands in-process through libnftables, like {@code nft -f -} without starting a
 * process. One instance wraps one {@code nft_ctx}; calls are serialised (a context is not
 * thread-safe), so one instance may be shared by many threads.
 *
 * <p><b>Namespaces.</b> libnftables 1.0.6 opens the context's netlink socket in
 * {@code nft_ctx_new}, so a context acts on the network namespace of the thread that created it,
 * whatever thread later runs commands (verified by {@code NftIT}). {@link #open()} uses the calling
 * thread's namespace; {@link #openIn(Path)} creates the context on a thread inside another one.
 *
 * <p>Speed: the context keeps nft's cache of tables and sets between calls, so adding one element
 * to a set costs tens of microseconds (measured in {@code NftIT}).
 */
public final class Nft implements AutoCloseable {
    private final LibNftables library;
    private final MemorySegment context;
    private final ReentrantLock lock = new ReentrantLock();
    private final int plainFlags;
    private boolean closed;

    private Nft(LibNftables library, MemorySegment context) {
        this.library = library;
        this.context = context;
        this.plainFlags = library.outputFlags(context);
    }

    /** A context acting on the calling thread's network namespace. */
    public static Nft open() throws NftException {
        LibNftables library = LibNftables.load().orElseThrow(() -> new NftException(LibNftables.LIBRARY
                + " not found: install the Debian package libnftables1 (it comes with nftables)", ""));
        MemorySegment context = library.newContext();
        if (context.equals(MemorySegment.NULL)) {
            throw new NftException("nft_ctx_new failed (out of memory, or no netlink socket could be opened)", "");
        }
        if (library.bufferOutputAndErrors(context) != 0) {
            library.freeContext(context);
            throw new NftException("cannot buffer libnftables output", "");
        }
        return new Nft(library, context);
    }

    /**
     * A context acting on the namespace of {@code namespaceFile} (e.g. {@code /run/netns/NAME}).
     *
     * @throws dev.runwall.linux.netlink.ErrnoException when the namespace cannot be entered
     */
    public static Nft openIn(Path namespaceFile) throws NftException, dev.runwall.linux.netlink.ErrnoException {
        try (NamespaceThread thread = NamespaceThread.enter(namespaceFile)) {
            return thread.call(Nft::open);
        }
    }

    /**
     * Runs a batch in nft's text syntax (several lines; applied atomically by the kernel: all or
     * nothing) and returns what nft printed (listings; empty for most changes).
     */
    public String run(String batch) throws NftException {
        return execute(batch, plainFlags);
    }

    /**
     * Runs a batch in libnftables' JSON syntax ({@code {"nftables": [ … ]}}, see
     * {@code libnftables-json(5)}) and returns nft's output, which is JSON too.
     */
    public String runJson(String json) throws NftException {
        return execute(json, plainFlags | LibNftables.OUTPUT_JSON);
    }

    private String execute(String commands, int outputFlags) throws NftException {
        lock.lock();
        try (Arena arena = Arena.ofConfined()) {
            if (closed) {
                throw new IllegalStateException("nft context is closed");
            }
            library.setOutputFlags(context, outputFlags);
            int rc = library.run(context, arena.allocateFrom(commands));
            String output = library.takeOutput(context);
            String errors = library.takeErrors(context);
            if (rc != 0) {
                throw new NftException("nft refused the batch (" + firstLine(commands) + ")", errors);
            }
            return output;
        } finally {
            lock.unlock();
        }
    }

    /** Frees the context. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                library.freeContext(context);
            }
        } finally {
            lock.unlock();
        }
    }

    private static String firstLine(String commands) {
        String line = commands.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 80) + "…" : line;
    }
}
