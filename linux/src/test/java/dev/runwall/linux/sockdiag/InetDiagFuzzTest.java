package dev.runwall.linux.sockdiag;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.sockdiag.internal.InetDiagMessages;

class InetDiagFuzzTest {

    /** Any reply datagram: socket records or a checked parse exception. */
    @FuzzTest
    void parseNeverThrowsUnchecked(byte[] datagram) {
        try {
            for (NetlinkMessage message : NetlinkMessage.parseAll(datagram)) {
                InetDiagMessages.parse(message, SocketProtocol.TCP);
            }
        } catch (NetlinkParseException expected) {
            // a lookup reports it to its caller
        }
    }
}
