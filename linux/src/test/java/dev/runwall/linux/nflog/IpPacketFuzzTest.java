package dev.runwall.linux.nflog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.nflog.internal.IpPacketParser;

class IpPacketFuzzTest {

    /** Any packet bytes: headers decode or a checked parse exception; never an unchecked one. */
    @FuzzTest
    void parseNeverThrowsUnchecked(byte[] packet) {
        try {
            IpPacketParser.parse(packet);
        } catch (NetlinkParseException expected) {
            // reported to the reader as a malformed message
        }
    }
}
