package dev.runwall.linux.audit;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
import dev.runwall.linux.netns.NetworkNamespaces;
import java.io.IOException;

/** Where audit sockets are opened: see the namespace finding in the linux module README. */
final class AuditSockets {
    private AuditSockets() {}

    static NetlinkSocket openInInitialNamespace() throws ErrnoException {
        boolean here;
        try {
            here = NetworkNamespaces.inInitialNamespace();
        } catch (IOException unreadable) {
            here = false;
        }
        return here ? NetlinkSocket.open(NetlinkProtocol.AUDIT)
                : NetworkNamespaces.openSocketIn(NetworkNamespaces.initial(), NetlinkProtocol.AUDIT);
    }
}
