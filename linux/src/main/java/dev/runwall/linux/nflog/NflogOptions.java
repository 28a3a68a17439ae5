package dev.runwall.linux.nflog;

/**
 * Tuning of an {@link NflogReader}.
 *
 * @param copyRange            bytes of each packet the kernel copies: enough for the IPv4/IPv6
 *                             header, extension headers and the TCP/UDP/ICMP header
 * @param receiveBufferBytes   the socket's receive buffer; a burst larger than this is lost (and
 *                             counted)
 * @param queueThreshold       packets the kernel batches into one datagram before sending
 * @param flushTimeoutCentis   hundredths of a second the kernel waits before sending a partial batch
 */
public record NflogOptions(int copyRange, int receiveBufferBytes, int queueThreshold, int flushTimeoutCentis) {
    /**
     * 256 bytes copied, 8 MiB buffer, batches of up to 32 packets, a partial batch sent 10 ms after its first
     * packet. Batches cut the reader's wake-ups and system calls (and a flow's audited syscall is then usually
     * there before its packet): a job that starts 1,700 connecting processes a second cost the agent about 30%
     * less CPU than with every packet sent at once (docs/benchmarks.md, "NFLOG batches"). The price: a packet
     * without a kernel timestamp (the output path has none) gets the time it was received, about 10 ms late at
     * most (the agent's flow correlator gives a flow its syscall's time instead).
     */
    public static final NflogOptions DEFAULTS = new NflogOptions(256, 8 << 20, 32, 1);

    public NflogOptions {
        if (copyRange < 128 || copyRange > 0xffff) {
            throw new IllegalArgumentException("copyRange must be 128..65535 (IPv6 + TCP headers need up to ~120): " + copyRange);
        }
        if (receiveBufferBytes < 4096 || queueThreshold < 1 || flushTimeoutCentis < 0) {
            throw new IllegalArgumentException("invalid NFLOG options: " + receiveBufferBytes + ", " + queueThreshold + ", "
                    + flushTimeoutCentis);
        }
    }
}
