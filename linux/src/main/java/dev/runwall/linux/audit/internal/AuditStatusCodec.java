package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditStatus;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.WireReader;

/** {@code struct audit_status} to and from bytes. */
public final class AuditStatusCodec {
    public static final int ENABLED = 0x01;
    public static final int BACKLOG_LIMIT = 0x10;
    private static final int AUDIT_SET = 1001;
    /** mask, enabled, failure, pid, rate_limit, backlog_limit, lost, backlog: the part every kernel sends. */
    private static final int FIELDS = 8;

    private AuditStatusCodec() {}

    public static AuditStatus read(WireReader r) throws NetlinkParseException {
        if (r.remaining() < FIELDS * 4) {
            throw new NetlinkParseException("audit_status of " + r.remaining() + " bytes, expected at least " + FIELDS * 4);
        }
        r.skip(4); // mask
        int enabled = r.u32();
        int failure = r.u32();
        long pid = Integer.toUnsignedLong(r.u32());
        long rateLimit = Integer.toUnsignedLong(r.u32());
        long backlogLimit = Integer.toUnsignedLong(r.u32());
        long lost = Integer.toUnsignedLong(r.u32());
        long backlog = Integer.toUnsignedLong(r.u32());
        return new AuditStatus(enabled, failure, pid, rateLimit, backlogLimit, lost, backlog);
    }

    /** An AUDIT_SET request that changes only the one field named by {@code mask}. */
    public static NetlinkMessageBuilder set(int mask, int value) {
        NetlinkMessageBuilder request = new NetlinkMessageBuilder(AUDIT_SET, NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK);
        request.putU32(mask);
        request.putU32(mask == ENABLED ? value : 0); // enabled
        request.putU32(0).putU32(0).putU32(0); // failure, pid (never touched: we are not the daemon), rate_limit
        request.putU32(mask == BACKLOG_LIMIT ? value : 0);
        request.putU32(0).putU32(0); // lost, backlog
        return request.putU32(0).putU32(0).putU32(0); // feature bitmap, backlog wait time, actual
    }
}
