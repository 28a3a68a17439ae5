package dev.runwall.workflow;

/** The refs of a repository could not be listed (unknown repository, network, rate limit). */
public final class RefResolutionException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefResolutionException(String message) {
        super(message);
    }

    public RefResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
