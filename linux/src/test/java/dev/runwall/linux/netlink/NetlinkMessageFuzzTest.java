package dev.runwall.linux.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;

class NetlinkMessageFuzzTest {

    /** Any bytes: either messages and their attributes decode, or a checked parse exception. */
    @FuzzTest
    void parseAllNeverThrowsUnchecked(byte[] datagram) {
        try {
            for (NetlinkMessage message : NetlinkMessage.parseAll(datagram)) {
                WireReader payload = message.payloadReader();
                if (payload.remaining() >= 4) {
                    payload.skip(4);
                }
                for (NetlinkAttribute attribute : NetlinkAttributes.parse(payload).all()) {
                    if ((attribute.flags() & NetlinkAttribute.F_NESTED) != 0) {
                        attribute.nested();
                    }
                }
            }
        } catch (NetlinkParseException expected) {
            // malformed input is reported, never an unchecked exception
        }
    }
}
