package dev.runwall.linux.netlink.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls the linux module needs, bound once through the FFM {@link Linker}. Every wrapper
 * returns the call's result, or {@code -errno} when the call failed (errno is captured with
 * {@code Linker.Option.captureCallState("errno")}, so nothing the JVM does in between can clobber it).
 *
 * <p>Callers turn negative results into {@link dev.runwall.linux.netlink.ErrnoException} where a
 * failure is an error, or handle them inline where it is an expected outcome (EAGAIN, ENOBUFS, EINTR).
 */
@SuppressWarnings("restricted") // the point of this class; the JVM runs with --enable-native-access
public final class Libc {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int POLLIN = 0x1;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME =
            bind("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT =
            bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT =
            bind("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = bind("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RECVMMSG = bind("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = LINKER.downcallHandle(symbol("open"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));

    private Libc() {}

    /** Allocates the buffer a call stores errno in; one per calling thread at a time. */
    public static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    public static int socket(int domain, int type, int protocol) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            return (int) orErrno(state, (int) SOCKET.invokeExact(state, domain, type, protocol));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int bind(int fd, MemorySegment address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            return (int) orErrno(state, (int) BIND.invokeExact(state, fd, address, (int) address.byteSize()));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes the bound address into {@code address}; returns 0 or -errno. */
    public static int getsockname(int fd, MemorySegment address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, (int) address.byteSize());
            return (int) orErrno(state, (int) GETSOCKNAME.invokeExact(state, fd, address, length));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setsockoptInt(int fd, int level, int name, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            return (int) orErrno(state, (int) SETSOCKOPT.invokeExact(state, fd, level, name, v, 4));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Returns the option's int value, or -errno. */
    public static int getsockoptInt(int fd, int level, int name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            MemorySegment v = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, 4);
            int rc = (int) orErrno(state, (int) GETSOCKOPT.invokeExact(state, fd, level, name, v, length));
            return rc < 0 ? rc : v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sendto(MemorySegment state, int fd, MemorySegment buffer, long length, int flags,
                              MemorySegment address) {
        try {
            return orErrno(state, (long) SENDTO.invokeExact(state, fd, buffer, length, flags, address,
                    (int) address.byteSize()));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code addressLength} must hold the size of {@code address} on entry. */
    public static long recvfrom(MemorySegment state, int fd, MemorySegment buffer, int flags,
                                MemorySegment address, MemorySegment addressLength) {
        try {
            return orErrno(state, (long) RECVFROM.invokeExact(state, fd, buffer, buffer.byteSize(), flags, address,
                    addressLength));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code recvmmsg} without a timeout: {@code messages} is an array of {@code vlen} {@code struct mmsghdr}.
     * Returns how many were received, or {@code -errno}.
     */
    public static int recvmmsg(MemorySegment state, int fd, MemorySegment messages, int vlen, int flags) {
        try {
            return (int) orErrno(state, (int) RECVMMSG.invokeExact(state, fd, messages, vlen, flags, MemorySegment.NULL));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code pollfds} is an array of {@code struct pollfd} (8 bytes each). */
    public static int poll(MemorySegment state, MemorySegment pollfds, int timeoutMillis) {
        try {
            return (int) orErrno(state, (int) POLL.invokeExact(state, pollfds, pollfds.byteSize() / 8, timeoutMillis));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            return (int) orErrno(state, (int) CLOSE.invokeExact(state, fd));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int eventfd(int initial, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            return (int) orErrno(state, (int) EVENTFD.invokeExact(state, initial, flags));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds {@code value} to an eventfd counter, which makes it readable (wakes a poll). */
    public static long signalEventfd(int fd, long value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            MemorySegment v = arena.allocate(JAVA_LONG);
            v.set(JAVA_LONG, 0, value);
            return orErrno(state, (long) WRITE.invokeExact(state, fd, v, 8L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            return (int) orErrno(state, (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Moves the calling thread (only) into the namespace {@code fd} refers to. */
    public static int setns(int fd, int nstype) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = newCallState(arena);
            return (int) orErrno(state, (int) SETNS.invokeExact(state, fd, nstype));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static long orErrno(MemorySegment state, long result) {
        return result == -1 ? -(int) ERRNO.get(state, 0L) : result;
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("native call failed", t);
    }
}
