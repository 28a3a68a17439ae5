package dev.runwall.dns;

import java.net.InetAddress;

/**
 * An A or AAAA record of an answer that belongs to the queried name or its CNAME chain.
 *
 * @param owner the owner name of the record (normalised when it is a host name)
 * @param address the IPv4 or IPv6 address
 * @param ttlSeconds the remaining time to live, as the client will see it
 */
public record ResolvedAddress(String owner, InetAddress address, long ttlSeconds) {}
