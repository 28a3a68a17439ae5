package dev.runwall.dns.internal.wire;

import java.io.IOException;
import org.xbill.DNS.Message;
import org.xbill.DNS.WireParseException;

/** Parses DNS messages that came from the network (clients and upstreams alike). */
public final class UntrustedMessage {
    private UntrustedMessage() {}

    /**
     * Parses {@code wire} with dnsjava.
     *
     * @throws WireParseException for anything dnsjava cannot read; dnsjava signals some invalid record data
     *     with unchecked exceptions, which are converted here so callers handle one checked exception
     */
    public static Message parse(byte[] wire) throws WireParseException {
        try {
            return new Message(wire);
        } catch (WireParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new WireParseException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The 16-bit id at the start of {@code wire}. */
    public static int id(byte[] wire) throws WireParseException {
        return new WireCursor(wire, 0).u16();
    }

    /** The 16-bit flags word after the id. */
    public static int flags(byte[] wire) throws WireParseException {
        WireCursor c = new WireCursor(wire, 2);
        return c.u16();
    }

    /** Whether the message has a complete header (12 bytes). */
    public static boolean hasHeader(byte[] wire) {
        return wire.length >= Header.LENGTH;
    }

    /** Whether the QR bit marks the message as a response. */
    public static boolean isResponse(int flags) {
        return (flags & Header.QR) != 0;
    }
}
