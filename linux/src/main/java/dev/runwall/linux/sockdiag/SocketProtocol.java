package dev.runwall.linux.sockdiag;

/** The transport protocols sock_diag lookups cover. */
public enum SocketProtocol {
    TCP(6),
    UDP(17);

    private final int number;

    SocketProtocol(int number) {
        this.number = number;
    }

    /** The IP protocol number ({@code IPPROTO_TCP}, {@code IPPROTO_UDP}). */
    public int number() {
        return number;
    }
}
