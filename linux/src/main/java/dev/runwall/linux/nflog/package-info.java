/**
 * Packets logged by nftables {@code log group N} rules: {@link dev.runwall.linux.nflog.NflogReader}
 * delivers {@link dev.runwall.linux.nflog.NflogPacket}s with their IP and transport headers
 * decoded, and counts what it lost.
 */
package dev.runwall.linux.nflog;
