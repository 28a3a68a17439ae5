package dev.runwall.dns.internal.upstream;

/** No upstream resolver gave a usable answer within the query's time budget. */
public final class UpstreamException extends Exception {
    public UpstreamException(String message) {
        super(message);
    }
}
