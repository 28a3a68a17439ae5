package dev.runwall.linux.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The attributes of one message (or of one nested attribute), in wire order. */
public record NetlinkAttributes(List<NetlinkAttribute> all) {
    public NetlinkAttributes {
        all = List.copyOf(all);
    }

    /** Decodes {@code nlattr}s until the reader is exhausted. */
    public static NetlinkAttributes parse(WireReader reader) throws NetlinkParseException {
        List<NetlinkAttribute> attributes = new ArrayList<>();
        while (reader.hasRemaining()) {
            int offset = reader.position();
            int length = reader.u16();
            int rawType = reader.u16();
            if (length < NetlinkAttribute.HEADER_LENGTH) {
                throw new NetlinkParseException("nla_len " + length + " at offset " + offset + " is shorter than the header");
            }
            byte[] value = reader.bytes(length - NetlinkAttribute.HEADER_LENGTH);
            attributes.add(new NetlinkAttribute(rawType & NetlinkAttribute.TYPE_MASK,
                    rawType & ~NetlinkAttribute.TYPE_MASK, value));
            reader.align(4);
        }
        return new NetlinkAttributes(attributes);
    }

    /** The first attribute of this type (the kernel sends each at most once for the types we read). */
    public Optional<NetlinkAttribute> get(int type) {
        for (NetlinkAttribute attribute : all) {
            if (attribute.type() == type) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    /** The attribute of this type, or a parse exception naming {@code what} when it is absent. */
    public NetlinkAttribute require(int type, String what) throws NetlinkParseException {
        Optional<NetlinkAttribute> attribute = get(type);
        if (attribute.isEmpty()) {
            throw new NetlinkParseException("missing attribute " + type + " (" + what + ")");
        }
        return attribute.get();
    }
}
