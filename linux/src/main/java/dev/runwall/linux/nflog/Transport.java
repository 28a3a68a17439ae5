package dev.runwall.linux.nflog;

/** The transport header found in a logged packet. */
public sealed interface Transport {

    /** The IP protocol number (6, 17, 1, 58, …). */
    int protocolNumber();

    /** {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, or the protocol number as text. */
    String protocolName();

    record Tcp(int sourcePort, int destinationPort, int flags) implements Transport {
        public static final int FIN = 0x01;
        public static final int SYN = 0x02;
        public static final int RST = 0x04;
        public static final int ACK = 0x10;

        @Override
        public int protocolNumber() {
            return 6;
        }

        @Override
        public String protocolName() {
            return "tcp";
        }

        /** The first packet of a connection attempt (SYN without ACK). */
        public boolean isConnectionAttempt() {
            return (flags & (SYN | ACK)) == SYN;
        }
    }

    record Udp(int sourcePort, int destinationPort) implements Transport {
        @Override
        public int protocolNumber() {
            return 17;
        }

        @Override
        public String protocolName() {
            return "udp";
        }
    }

    /** ICMP (v4, protocol 1) or ICMPv6 (protocol 58), told apart by {@link #v6()}. */
    record Icmp(boolean v6, int type, int code) implements Transport {
        @Override
        public int protocolNumber() {
            return v6 ? 58 : 1;
        }

        @Override
        public String protocolName() {
            return v6 ? "icmpv6" : "icmp";
        }
    }

    /**
     * Any other protocol, or a known one whose header is not in the logged bytes (a non-first
     * fragment, or a copy range too short).
     */
    record Other(int protocolNumber) implements Transport {
        @Override
        public String protocolName() {
            return Integer.toString(protocolNumber);
        }
    }
}
