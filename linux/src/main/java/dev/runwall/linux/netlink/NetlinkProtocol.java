package dev.runwall.linux.netlink;

/** The netlink families Runwall talks to (the third argument of {@code socket(AF_NETLINK, …)}). */
public enum NetlinkProtocol {
    ROUTE(0),
    SOCK_DIAG(4),
    AUDIT(9),
    NETFILTER(12);

    private final int number;

    NetlinkProtocol(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
