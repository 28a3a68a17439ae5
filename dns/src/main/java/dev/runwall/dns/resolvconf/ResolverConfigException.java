package dev.runwall.dns.resolvconf;

/** The resolver configuration gives no usable upstream, or cannot be read or changed; the message says why. */
public final class ResolverConfigException extends Exception {
    public ResolverConfigException(String message) {
        super(message);
    }

    public ResolverConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
