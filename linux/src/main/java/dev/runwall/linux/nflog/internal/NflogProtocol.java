package dev.runwall.linux.nflog.internal;

import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;

/** nfnetlink_log message types and the configuration requests the reader sends. */
public final class NflogProtocol {
    static final int SUBSYS_ULOG = 4;
    public static final int MSG_PACKET = SUBSYS_ULOG << 8;
    static final int MSG_CONFIG = SUBSYS_ULOG << 8 | 1;

    private static final int NFULA_CFG_CMD = 1;
    private static final int NFULA_CFG_MODE = 2;
    private static final int NFULA_CFG_NLBUFSIZ = 3;
    private static final int NFULA_CFG_TIMEOUT = 4;
    private static final int NFULA_CFG_QTHRESH = 5;
    private static final int NFULA_CFG_FLAGS = 6;
    private static final int CMD_BIND = 1;
    private static final int COPY_PACKET = 2;
    private static final int FLAG_SEQ = 0x1;
    private static final int FLAG_SEQ_GLOBAL = 0x2;
    private static final int AF_UNSPEC = 0;

    private NflogProtocol() {}

    /** Binds this socket to the group; the kernel refuses (EBUSY) when another socket holds it. */
    public static NetlinkMessageBuilder bind(int group) {
        return config(group).attribute(NFULA_CFG_CMD, new byte[] {CMD_BIND});
    }

    /**
     * Copy-packet mode with {@code copyRange} bytes, sequence numbers on, and the batching knobs:
     * the kernel sends a batch when {@code queueThreshold} packets are waiting or after
     * {@code flushTimeoutCentis} hundredths of a second, in a buffer of {@code kernelBufferBytes}.
     */
    public static NetlinkMessageBuilder configure(int group, int copyRange, int queueThreshold, int flushTimeoutCentis,
                                                  int kernelBufferBytes) {
        byte[] mode = {(byte) (copyRange >>> 24), (byte) (copyRange >>> 16), (byte) (copyRange >>> 8), (byte) copyRange,
                COPY_PACKET, 0};
        return config(group)
                .attribute(NFULA_CFG_MODE, mode)
                .attributeU16be(NFULA_CFG_FLAGS, FLAG_SEQ | FLAG_SEQ_GLOBAL)
                .attributeU32be(NFULA_CFG_QTHRESH, queueThreshold)
                .attributeU32be(NFULA_CFG_TIMEOUT, flushTimeoutCentis)
                .attributeU32be(NFULA_CFG_NLBUFSIZ, kernelBufferBytes);
    }

    private static NetlinkMessageBuilder config(int group) {
        return new NetlinkMessageBuilder(MSG_CONFIG, NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK)
                .putU8(AF_UNSPEC).putU8(0).putU16be(group);
    }
}
