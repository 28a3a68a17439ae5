package dev.runwall.sandbox.internal.dns;

import java.util.Optional;
import org.xbill.DNS.Record;

/** The bytes to send back, with the question and response code for the query log. */
public record Reply(byte[] wire, Optional<Record> question, int rcode, boolean truncated) {}
