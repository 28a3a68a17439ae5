package dev.runwall.dns.internal.upstream;

import java.util.concurrent.CompletionException;

/** What the proxy's asynchronous stages need to know about a failed {@link java.util.concurrent.CompletableFuture}. */
public final class Futures {
    private Futures() {}

    /** The failure itself: a dependent stage sees it wrapped in a {@link CompletionException}. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
