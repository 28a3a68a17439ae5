package dev.runwall.core.event;

/**
 * One record of a DNS answer section.
 *
 * @param name owner name (normalised, no trailing dot)
 * @param type record type, e.g. {@code A}, {@code CNAME}
 * @param ttl time to live in seconds
 * @param data the record data in presentation format (an address, a target name ...)
 */
public record DnsAnswer(String name, String type, long ttl, String data) {}
