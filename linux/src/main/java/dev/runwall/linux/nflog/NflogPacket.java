package dev.runwall.linux.nflog;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One packet logged by an nftables {@code log group N} rule.
 *
 * @param time             when it was logged: the kernel's timestamp when the packet has one,
 *                         otherwise when the reader received it ({@code kernelTimestamp} says which)
 * @param kernelTimestamp  whether {@code time} came from the kernel
 * @param group            the NFLOG group
 * @param prefix           the rule's {@code prefix} (empty when none)
 * @param hook             the hook the rule ran in
 * @param interfaces       interface indexes known at that hook
 * @param uid              fsuid of the sending socket's owner, for locally generated packets
 * @param gid              fsgid of the sending socket's owner
 * @param sequence         the group's own sequence number (gaps mean lost messages)
 * @param globalSequence   the sequence number across all groups
 * @param ip               the IP headers, empty when the payload is not IPv4/IPv6 (ARP on a bridge)
 */
public record NflogPacket(Instant time, boolean kernelTimestamp, int group, String prefix, Hook hook,
                          Interfaces interfaces, OptionalLong uid, OptionalLong gid, OptionalLong sequence,
                          OptionalLong globalSequence, Optional<IpPacket> ip) {}
