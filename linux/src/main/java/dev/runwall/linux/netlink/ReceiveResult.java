package dev.runwall.linux.netlink;

/**
 * What one {@link NetlinkSocket#receive} produced. Loss is a result, not an exception: a reader
 * counts {@link Overrun}s and goes on.
 */
public sealed interface ReceiveResult {

    /** One datagram (possibly several netlink messages, see {@link NetlinkMessage#parseAll}). */
    record Datagram(byte[] bytes, int senderPortId) implements ReceiveResult {
        public Datagram {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** True when the kernel sent it (port 0); anything else on a kernel-facing socket is ignored. */
        public boolean fromKernel() {
            return senderPortId == 0;
        }

        public java.util.List<NetlinkMessage> messages() throws NetlinkParseException {
            return NetlinkMessage.parseAll(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Datagram d && d.senderPortId == senderPortId && java.util.Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes) * 31 + senderPortId;
        }

        @Override
        public String toString() {
            return "Datagram[" + bytes.length + " bytes from port " + Integer.toUnsignedString(senderPortId) + "]";
        }
    }

    /**
     * The kernel dropped messages because the receive buffer was full (ENOBUFS), or a datagram was
     * larger than the receive buffer and was cut. How many messages were lost is unknown; protocols
     * with sequence numbers (NFLOG) can count the gap.
     */
    record Overrun(String reason) implements ReceiveResult {}

    /** Nothing arrived within the timeout. */
    record TimedOut() implements ReceiveResult {}

    /** The socket was closed (possibly by another thread while this one waited). */
    record Closed() implements ReceiveResult {}
}
