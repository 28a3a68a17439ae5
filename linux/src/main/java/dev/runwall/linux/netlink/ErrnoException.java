package dev.runwall.linux.netlink;

import java.io.IOException;
import java.util.Map;

/**
 * A system call (or a netlink request the kernel refused with an {@code NLMSG_ERROR}) failed with
 * an errno. The message names the operation, the errno and, for the usual permission problems,
 * what to do.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM (operation not permitted)"),
            Map.entry(ENOENT, "ENOENT (no such file, object or socket)"),
            Map.entry(EINTR, "EINTR (interrupted)"),
            Map.entry(EBADF, "EBADF (bad file descriptor)"),
            Map.entry(EAGAIN, "EAGAIN (try again)"),
            Map.entry(ENOMEM, "ENOMEM (out of memory)"),
            Map.entry(EACCES, "EACCES (permission denied)"),
            Map.entry(EBUSY, "EBUSY (busy)"),
            Map.entry(EEXIST, "EEXIST (already exists)"),
            Map.entry(EINVAL, "EINVAL (invalid argument)"),
            Map.entry(EPROTONOSUPPORT, "EPROTONOSUPPORT (protocol not supported by this kernel)"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP (operation not supported)"),
            Map.entry(ENOBUFS, "ENOBUFS (receive buffer overrun)"),
            Map.entry(ECONNREFUSED, "ECONNREFUSED (connection refused)"));

    private final int errno;
    private final String operation;

    public ErrnoException(String operation, int errno) {
        super(operation + " failed: " + describe(errno) + hint(errno));
        this.errno = errno;
        this.operation = operation;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** What was attempted, e.g. {@code "socket(AF_NETLINK, NETLINK_AUDIT)"}. */
    public String operation() {
        return operation;
    }

    /** A readable name for an errno, e.g. {@code "EPERM (operation not permitted)"}. */
    public static String describe(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    private static String hint(int errno) {
        return errno == EPERM || errno == EACCES
                ? "; this needs root (CAP_NET_ADMIN, CAP_AUDIT_CONTROL/CAP_AUDIT_READ, CAP_SYS_ADMIN for namespaces)"
                : "";
    }
}
