package dev.runwall.sandbox;

import java.time.Instant;

/**
 * One query the sandbox internet's DNS server received, as written to the query log (one JSON object
 * per line, these field names).
 *
 * @param name the name as asked, without the trailing dot ({@code "."} for the root)
 * @param type the type mnemonic ({@code A}, {@code HTTPS}, {@code TYPE65280})
 * @param transport {@code udp} or {@code tcp}
 * @param server the address that received the query (the sandbox resolver or an extra resolver)
 * @param client the sender's address
 * @param rcode the response code sent back ({@code NOERROR}, {@code NXDOMAIN} …)
 */
public record LoggedQuery(Instant time, String name, String type, String transport, String server, String client,
        String rcode) {

    /** Whether this is a query for the name (any case, trailing dot optional). */
    public boolean isFor(String otherName) {
        String wanted = otherName.endsWith(".") && otherName.length() > 1
                ? otherName.substring(0, otherName.length() - 1) : otherName;
        return name.equalsIgnoreCase(wanted);
    }
}
