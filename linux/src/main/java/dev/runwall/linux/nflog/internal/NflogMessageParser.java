package dev.runwall.linux.nflog.internal;

import dev.runwall.linux.netlink.NetlinkAttribute;
import dev.runwall.linux.netlink.NetlinkAttributes;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;
import dev.runwall.linux.nflog.Hook;
import dev.runwall.linux.nflog.Interfaces;
import dev.runwall.linux.nflog.IpPacket;
import dev.runwall.linux.nflog.NflogPacket;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Decodes one {@code NFULNL_MSG_PACKET} message (nfgenmsg + {@code NFULA_*} attributes). */
public final class NflogMessageParser {
    static final int NFULA_PACKET_HDR = 1;
    static final int NFULA_TIMESTAMP = 3;
    static final int NFULA_IFINDEX_INDEV = 4;
    static final int NFULA_IFINDEX_OUTDEV = 5;
    static final int NFULA_IFINDEX_PHYSINDEV = 6;
    static final int NFULA_IFINDEX_PHYSOUTDEV = 7;
    static final int NFULA_PAYLOAD = 9;
    static final int NFULA_PREFIX = 10;
    static final int NFULA_UID = 11;
    static final int NFULA_SEQ = 12;
    static final int NFULA_SEQ_GLOBAL = 13;
    static final int NFULA_GID = 14;

    private NflogMessageParser() {}

    /** True for the message type that carries a logged packet. */
    public static boolean isPacket(NetlinkMessage message) {
        return message.type() == NflogProtocol.MSG_PACKET;
    }

    /**
     * @param receivedAt used as the packet's time when the kernel sent no timestamp (locally
     *                   generated packets usually have none)
     */
    public static NflogPacket parse(NetlinkMessage message, Instant receivedAt) throws NetlinkParseException {
        WireReader payload = message.payloadReader();
        payload.skip(2); // nfgen_family, version
        int group = payload.u16be();
        NetlinkAttributes attributes = NetlinkAttributes.parse(payload);

        WireReader header = attributes.require(NFULA_PACKET_HDR, "packet header").reader();
        header.skip(2); // hw_protocol
        Hook hook = Hook.of(header.u8());

        Optional<NetlinkAttribute> timestamp = attributes.get(NFULA_TIMESTAMP);
        Instant time = receivedAt;
        if (timestamp.isPresent()) {
            WireReader t = timestamp.get().reader();
            long seconds = t.u64be();
            long micros = t.u64be();
            if (seconds < 0 || seconds > Instant.MAX.getEpochSecond() || micros < 0 || micros >= 1_000_000) {
                throw new NetlinkParseException("timestamp out of range: " + seconds + "s " + micros + "us");
            }
            time = Instant.ofEpochSecond(seconds, micros * 1000);
        }
        String prefix = attributes.get(NFULA_PREFIX).isPresent() ? attributes.get(NFULA_PREFIX).get().string() : "";
        Interfaces interfaces = new Interfaces(index(attributes, NFULA_IFINDEX_INDEV), index(attributes, NFULA_IFINDEX_OUTDEV),
                index(attributes, NFULA_IFINDEX_PHYSINDEV), index(attributes, NFULA_IFINDEX_PHYSOUTDEV));
        Optional<IpPacket> ip = attributes.get(NFULA_PAYLOAD).isPresent()
                ? IpPacketParser.parse(attributes.get(NFULA_PAYLOAD).get().value())
                : Optional.empty();
        return new NflogPacket(time, timestamp.isPresent(), group, prefix, hook, interfaces,
                unsigned(attributes, NFULA_UID), unsigned(attributes, NFULA_GID),
                unsigned(attributes, NFULA_SEQ), unsigned(attributes, NFULA_SEQ_GLOBAL), ip);
    }

    private static OptionalInt index(NetlinkAttributes attributes, int type) throws NetlinkParseException {
        Optional<NetlinkAttribute> attribute = attributes.get(type);
        return attribute.isPresent() ? OptionalInt.of(attribute.get().u32be()) : OptionalInt.empty();
    }

    private static OptionalLong unsigned(NetlinkAttributes attributes, int type) throws NetlinkParseException {
        Optional<NetlinkAttribute> attribute = attributes.get(type);
        return attribute.isPresent() ? OptionalLong.of(Integer.toUnsignedLong(attribute.get().u32be())) : OptionalLong.empty();
    }
}
