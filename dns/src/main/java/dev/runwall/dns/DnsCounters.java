package dev.runwall.dns;

/**
 * A snapshot of the proxy's counters since start. Loss is data: dropped and failed queries are counted
 * here so that the report can show them.
 *
 * @param queries messages received from clients (UDP datagrams and TCP messages)
 * @param forwarded queries sent upstream (cache misses)
 * @param coalesced cache misses that waited for the same question already on its way upstream
 * @param blocked queries answered NXDOMAIN by the policy, never forwarded
 * @param cacheHits queries answered from the cache
 * @param upstreamFailures queries answered SERVFAIL because no upstream gave a usable answer in time
 * @param tcpFallbacks upstream answers that were truncated over UDP and fetched again over TCP
 * @param truncated responses to UDP clients that did not fit their size and were sent with TC set
 * @param rejected malformed or unsupported queries answered with FORMERR, NOTIMP or BADVERS
 * @param droppedMalformed messages dropped without an answer (no readable query header, or a response)
 * @param upstreamIgnored packets from upstream sockets that matched no query in flight (late, spoofed, garbage)
 * @param releaseRefused answers withheld (SERVFAIL) because the beforeRelease hook failed in block mode
 * @param listenerFailures exceptions thrown by listener methods other than a refused release
 * @param overloaded queries dropped because too many were in flight or too many TCP clients were connected
 * @param internalErrors queries answered SERVFAIL because of a bug in the proxy (an unexpected exception)
 * @param unsent responses the socket did not take: the client was gone (closed TCP connection, unreachable
 *     UDP port), or a UDP socket's send buffer stayed full for about 100 ms
 */
public record DnsCounters(
        long queries,
        long forwarded,
        long coalesced,
        long blocked,
        long cacheHits,
        long upstreamFailures,
        long tcpFallbacks,
        long truncated,
        long rejected,
        long droppedMalformed,
        long upstreamIgnored,
        long releaseRefused,
        long listenerFailures,
        long overloaded,
        long internalErrors,
        long unsent) {}
