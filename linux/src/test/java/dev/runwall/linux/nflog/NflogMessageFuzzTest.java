package dev.runwall.linux.nflog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.nflog.internal.NflogMessageParser;
import java.time.Instant;

class NflogMessageFuzzTest {

    /** Any datagram: packets decode or a checked parse exception; never an unchecked one. */
    @FuzzTest
    void parseNeverThrowsUnchecked(byte[] datagram) {
        try {
            for (NetlinkMessage message : NetlinkMessage.parseAll(datagram)) {
                NflogMessageParser.parse(message, Instant.EPOCH);
            }
        } catch (NetlinkParseException expected) {
            // reported to the reader as a malformed message
        }
    }
}
