package dev.runwall.dns;

/**
 * Thrown by {@link DnsProxyListener#beforeRelease} when the answer must not reach the client, typically
 * because the firewall could not be programmed with its addresses. In block mode the client then gets
 * SERVFAIL (fail closed); in audit mode the answer is released anyway and the failure is counted.
 */
public class ReleaseRefusedException extends Exception {
    public ReleaseRefusedException(String message) {
        super(message);
    }

    public ReleaseRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
