package dev.runwall.linux.netlink;

/**
 * Bytes received from the kernel (or from a capture) did not have the shape their protocol promises:
 * a length that runs past the end, a header that is too short, an attribute of the wrong size.
 *
 * <p>Checked on purpose: every caller that decodes untrusted bytes must decide what a malformed
 * message means for it (usually: count it as lost and go on).
 */
public class NetlinkParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public NetlinkParseException(String message) {
        super(message);
    }
}
