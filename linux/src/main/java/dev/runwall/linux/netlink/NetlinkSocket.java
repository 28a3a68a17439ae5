package dev.runwall.linux.netlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.runwall.linux.netlink.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A raw {@code AF_NETLINK} socket, opened in the network namespace of the calling thread (see
 * {@code dev.runwall.linux.netns.NetworkNamespaces} to open one elsewhere) and bound to a port id
 * the kernel chooses.
 *
 * <p><b>Threads.</b> One thread may {@link #receive} while others {@link #send}; {@link #close} may
 * be called from any thread at any time and wakes a blocked receiver at once (the receiver polls
 * the socket together with an eventfd that close signals), so stopping a reader never waits for a
 * timeout. The file descriptors are released only after the receiver has left, so a descriptor
 * number can never be reused under a running read. Receiving blocks in a native call: do it on a
 * platform thread, not a virtual one (a virtual thread would pin its carrier).
 *
 * <p><b>Loss.</b> When the kernel drops messages because the receive buffer is full, receive
 * returns {@link ReceiveResult.Overrun} and {@link #overruns()} counts it; no exception.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final int DEFAULT_RECEIVE_BUFFER = 256 * 1024;
    /** Datagrams one {@link #receiveBatch} takes at most, and the room for each (an audit record is under 9 KiB). */
    public static final int BATCH = 32;
    static final int BATCH_SLOT = 16 * 1024;
    /** {@code struct mmsghdr} on LP64: {@code struct msghdr} (56 bytes) then {@code msg_len}, padded to 64. */
    private static final int MMSGHDR = 64;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_FLAGS = 48;
    private static final int MSG_LEN = 56;
    private static final int IOVEC = 16;

    private final NetlinkProtocol protocol;
    private final int fd;
    private final int wakeFd;
    private final int portId;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment receiveBuffer;
    /** Scratch memory of {@link #receive}, used under {@link #receiveLock}: one allocation per socket, not per call. */
    private final MemorySegment receiveState;
    private final MemorySegment pollfds;
    private final MemorySegment sender;
    private final MemorySegment senderLength;
    /** {@link #receiveBatch}'s memory, under {@link #receiveLock}; allocated by the first batch. */
    private MemorySegment batchVector;
    private MemorySegment batchNames;
    private MemorySegment batchSlots;
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicInteger sequence = new AtomicInteger(1);
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicInteger released = new AtomicInteger();
    private volatile boolean closed;

    private NetlinkSocket(NetlinkProtocol protocol, int fd, int wakeFd, int portId, int bufferSize) {
        this.protocol = protocol;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.portId = portId;
        this.receiveBuffer = arena.allocate(bufferSize, 8);
        this.receiveState = Libc.newCallState(arena);
        this.pollfds = arena.allocate(16, 4);
        this.sender = arena.allocate(SOCKADDR_NL_SIZE, 4);
        this.senderLength = arena.allocate(JAVA_INT);
        pollfds.set(JAVA_INT, 0, fd);
        pollfds.set(JAVA_SHORT, 4, (short) Libc.POLLIN);
        pollfds.set(JAVA_INT, 8, wakeFd);
        pollfds.set(JAVA_SHORT, 12, (short) Libc.POLLIN);
    }

    /** Opens and binds a socket with a 256 KiB user-space receive buffer (large enough for any dump part). */
    public static NetlinkSocket open(NetlinkProtocol protocol) throws ErrnoException {
        return open(protocol, 0);
    }

    /**
     * Opens a socket bound to the multicast groups in {@code groupMask} (bit {@code g-1} for group
     * {@code g}; 0 for none; prefer {@link #joinGroup} for groups above 32).
     */
    public static NetlinkSocket open(NetlinkProtocol protocol, int groupMask) throws ErrnoException {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, protocol.number());
        if (fd < 0) {
            throw new ErrnoException("socket(AF_NETLINK, NETLINK_" + protocol + ")", -fd);
        }
        int wakeFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wakeFd < 0) {
            Libc.close(fd);
            throw new ErrnoException("eventfd", -wakeFd);
        }
        try (Arena local = Arena.ofConfined()) {
            MemorySegment address = local.allocate(SOCKADDR_NL_SIZE, 4);
            address.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            address.set(JAVA_INT, 8, groupMask);
            int rc = Libc.bind(fd, address);
            if (rc < 0) {
                closeQuietly(fd, wakeFd);
                throw new ErrnoException("bind(NETLINK_" + protocol + ", groups=0x" + Integer.toHexString(groupMask) + ")", -rc);
            }
            rc = Libc.getsockname(fd, address);
            if (rc < 0) {
                closeQuietly(fd, wakeFd);
                throw new ErrnoException("getsockname(NETLINK_" + protocol + ")", -rc);
            }
            return new NetlinkSocket(protocol, fd, wakeFd, address.get(JAVA_INT, 4), DEFAULT_RECEIVE_BUFFER);
        }
    }

    public NetlinkProtocol protocol() {
        return protocol;
    }

    /** The port id the kernel assigned to this socket ({@code nl_pid}). */
    public int portId() {
        return portId;
    }

    /** A fresh sequence number for a request on this socket. */
    public int nextSequence() {
        return sequence.getAndIncrement();
    }

    /** Subscribes to a multicast group ({@code NETLINK_ADD_MEMBERSHIP}). */
    public void joinGroup(int group) throws ErrnoException {
        check(Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Libc.NETLINK_ADD_MEMBERSHIP, group), "join multicast group " + group);
    }

    public void leaveGroup(int group) throws ErrnoException {
        check(Libc.setsockoptInt(fd, Libc.SOL_NETLINK, Libc.NETLINK_DROP_MEMBERSHIP, group), "leave multicast group " + group);
    }

    /**
     * Sets the kernel receive buffer. Tries {@code SO_RCVBUFFORCE} (root may exceed
     * {@code net.core.rmem_max}) and falls back to {@code SO_RCVBUF} when that is not permitted.
     *
     * @return the size the kernel reports afterwards (it doubles the request for bookkeeping)
     */
    public int setReceiveBufferSize(int bytes) throws ErrnoException {
        int rc = Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, bytes);
        if (rc == -ErrnoException.EPERM) {
            rc = Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, bytes);
        }
        check(rc, "set receive buffer to " + bytes + " bytes");
        return receiveBufferSize();
    }

    public int receiveBufferSize() throws ErrnoException {
        int size = Libc.getsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF);
        check(size, "get receive buffer size");
        return size;
    }

    /** Sends one encoded message (or several concatenated) to the kernel. */
    public void send(byte[] message) throws ErrnoException {
        sendLock.lock();
        try (Arena local = Arena.ofConfined()) {
            if (closed) {
                throw new ErrnoException("send on closed netlink socket", ErrnoException.EBADF);
            }
            MemorySegment buffer = local.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, message);
            MemorySegment kernel = local.allocate(SOCKADDR_NL_SIZE, 4);
            kernel.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            MemorySegment state = Libc.newCallState(local);
            long rc;
            do {
                rc = Libc.sendto(state, fd, buffer, message.length, 0, kernel);
            } while (rc == -ErrnoException.EINTR);
            check(rc, "send to NETLINK_" + protocol);
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} for one datagram. {@code null} waits forever (until a datagram
     * arrives or the socket is closed).
     */
    public ReceiveResult receive(Duration timeout) throws ErrnoException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        receiveLock.lock();
        try {
            MemorySegment state = receiveState;
            while (true) {
                if (closed) {
                    return new ReceiveResult.Closed();
                }
                senderLength.set(JAVA_INT, 0, SOCKADDR_NL_SIZE);
                long n = Libc.recvfrom(state, fd, receiveBuffer, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC, sender, senderLength);
                if (n >= 0) {
                    return datagram(n, sender);
                }
                if (n == -ErrnoException.ENOBUFS) {
                    overruns.incrementAndGet();
                    return new ReceiveResult.Overrun("ENOBUFS: kernel dropped messages, receive buffer full");
                }
                if (n != -ErrnoException.EAGAIN && n != -ErrnoException.EINTR) {
                    throw new ErrnoException("receive from NETLINK_" + protocol, (int) -n);
                }
                if (!awaitReadable(deadline, timeout == null)) {
                    return new ReceiveResult.TimedOut();
                }
            }
        } finally {
            receiveLock.unlock();
            if (closed) {
                releaseIfIdle();
            }
        }
    }

    /**
     * Like {@link #receive}, but takes every datagram already queued, up to {@value #BATCH} of at most
     * {@value #BATCH_SLOT} bytes each, with one {@code recvmmsg} call: a reader of a busy multicast group
     * (audit sends one datagram per record) then makes one system call per batch instead of one per record.
     *
     * @return the datagrams in arrival order (an {@link ReceiveResult.Overrun} in place of one that was cut),
     *     or a single {@link ReceiveResult.Overrun}, {@link ReceiveResult.TimedOut} or {@link ReceiveResult.Closed}
     */
    public List<ReceiveResult> receiveBatch(Duration timeout) throws ErrnoException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        receiveLock.lock();
        try {
            while (true) {
                if (closed) {
                    return List.of(new ReceiveResult.Closed());
                }
                MemorySegment vector = batchVector();
                for (int i = 0; i < BATCH; i++) {
                    vector.set(JAVA_INT, (long) i * MMSGHDR + MSG_NAMELEN, SOCKADDR_NL_SIZE);
                    vector.set(JAVA_INT, (long) i * MMSGHDR + MSG_FLAGS, 0);
                }
                int n = Libc.recvmmsg(receiveState, fd, vector, BATCH, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC);
                if (n > 0) {
                    return batchResults(vector, n);
                }
                if (n == -ErrnoException.ENOBUFS) {
                    overruns.incrementAndGet();
                    return List.of(new ReceiveResult.Overrun("ENOBUFS: kernel dropped messages, receive buffer full"));
                }
                if (n != -ErrnoException.EAGAIN && n != -ErrnoException.EINTR) {
                    throw new ErrnoException("receive from NETLINK_" + protocol, -n);
                }
                if (!awaitReadable(deadline, timeout == null)) {
                    return List.of(new ReceiveResult.TimedOut());
                }
            }
        } finally {
            receiveLock.unlock();
            if (closed) {
                releaseIfIdle();
            }
        }
    }

    /** The {@code mmsghdr} array of {@link #receiveBatch}, its iovecs, addresses and slots (made on first use). */
    private MemorySegment batchVector() {
        if (batchVector == null) {
            MemorySegment vector = arena.allocate((long) BATCH * MMSGHDR, 8);
            MemorySegment iovecs = arena.allocate((long) BATCH * IOVEC, 8);
            batchNames = arena.allocate((long) BATCH * SOCKADDR_NL_SIZE, 4);
            batchSlots = arena.allocate((long) BATCH * BATCH_SLOT, 8);
            for (int i = 0; i < BATCH; i++) {
                MemorySegment iov = iovecs.asSlice((long) i * IOVEC, IOVEC);
                iov.set(ADDRESS, 0, batchSlots.asSlice((long) i * BATCH_SLOT, BATCH_SLOT));
                iov.set(JAVA_LONG, 8, BATCH_SLOT);
                long h = (long) i * MMSGHDR;
                vector.set(ADDRESS, h, batchNames.asSlice((long) i * SOCKADDR_NL_SIZE, SOCKADDR_NL_SIZE));
                vector.set(ADDRESS, h + MSG_IOV, iov);
                vector.set(JAVA_LONG, h + MSG_IOVLEN, 1);
            }
            batchVector = vector;
        }
        return batchVector;
    }

    private List<ReceiveResult> batchResults(MemorySegment vector, int n) {
        List<ReceiveResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long h = (long) i * MMSGHDR;
            long length = Integer.toUnsignedLong(vector.get(JAVA_INT, h + MSG_LEN));
            if (length > BATCH_SLOT || (vector.get(JAVA_INT, h + MSG_FLAGS) & Libc.MSG_TRUNC) != 0) {
                overruns.incrementAndGet();
                results.add(new ReceiveResult.Overrun("datagram of " + length + " bytes truncated to " + BATCH_SLOT));
                continue;
            }
            int sourcePort = batchNames.get(JAVA_INT, (long) i * SOCKADDR_NL_SIZE + 4);
            byte[] bytes = batchSlots.asSlice((long) i * BATCH_SLOT, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            results.add(new ReceiveResult.Datagram(bytes, sourcePort));
        }
        return results;
    }

    /** Polls until the socket is readable, closed, or the deadline; false when the deadline passed. */
    private boolean awaitReadable(long deadline, boolean forever) throws ErrnoException {
        long waitNanos = deadline - System.nanoTime();
        if (waitNanos <= 0) {
            return false;
        }
        int waitMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (waitNanos + 999_999) / 1_000_000));
        pollfds.set(JAVA_SHORT, 6, (short) 0);
        pollfds.set(JAVA_SHORT, 14, (short) 0);
        int rc = Libc.poll(receiveState, pollfds, forever ? -1 : waitMillis);
        if (rc < 0 && rc != -ErrnoException.EINTR) {
            throw new ErrnoException("poll on NETLINK_" + protocol, -rc);
        }
        return true;
    }

    /** How many times the kernel reported ENOBUFS (or a datagram was truncated) on this socket. */
    public long overruns() {
        return overruns.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the socket; a receiver blocked in another thread returns {@link ReceiveResult.Closed}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.signalEventfd(wakeFd, 1);
        releaseIfIdle();
    }

    private ReceiveResult datagram(long length, MemorySegment sender) {
        int sourcePort = sender.get(JAVA_INT, 4);
        if (length > receiveBuffer.byteSize()) {
            overruns.incrementAndGet();
            return new ReceiveResult.Overrun("datagram of " + length + " bytes truncated to " + receiveBuffer.byteSize());
        }
        byte[] bytes = receiveBuffer.asSlice(0, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return new ReceiveResult.Datagram(bytes, sourcePort);
    }

    /** Frees the descriptors once nobody is inside receive or send; whoever leaves last does it. */
    private void releaseIfIdle() {
        if (!receiveLock.tryLock()) {
            return;
        }
        try {
            sendLock.lock();
            try {
                if (released.compareAndSet(0, 1)) {
                    closeQuietly(fd, wakeFd);
                    arena.close();
                }
            } finally {
                sendLock.unlock();
            }
        } finally {
            receiveLock.unlock();
        }
    }

    private static void closeQuietly(int fd, int wakeFd) {
        Libc.close(fd);
        Libc.close(wakeFd);
    }

    private static void check(long rc, String what) throws ErrnoException {
        if (rc < 0) {
            throw new ErrnoException(what, (int) -rc);
        }
    }
}
