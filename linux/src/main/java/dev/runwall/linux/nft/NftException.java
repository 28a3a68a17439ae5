package dev.runwall.linux.nft;

/**
 * nftables refused a command batch (syntax error, missing table, permission). Carries nft's own
 * error text, which points at the offending line and column of the batch.
 */
public class NftException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorText;

    public NftException(String message, String errorText) {
        super(errorText.isBlank() ? message : message + ":\n" + errorText.strip());
        this.errorText = errorText;
    }

    /** What libnftables wrote to its error buffer (may be empty). */
    public String errorText() {
        return errorText;
    }
}
