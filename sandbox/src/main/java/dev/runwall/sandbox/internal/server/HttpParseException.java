package dev.runwall.sandbox.internal.server;

/** A request head that is not HTTP/1.x; the message says what is wrong (it goes back in a 400). */
final class HttpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    HttpParseException(String message) {
        super(message);
    }
}
