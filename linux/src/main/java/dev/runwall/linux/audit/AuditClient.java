package dev.runwall.linux.audit;

import dev.runwall.linux.audit.internal.AuditRuleCodec;
import dev.runwall.linux.audit.internal.AuditStatusCodec;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkExchange;
import dev.runwall.linux.netlink.NetlinkMessage;
import dev.runwall.linux.netlink.NetlinkMessageBuilder;
import dev.runwall.linux.netlink.NetlinkParseException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
import dev.runwall.linux.netns.NetworkNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Controls the kernel audit subsystem over NETLINK_AUDIT: status, and our own rules. It never
 * registers itself as the audit daemon (never sets {@code pid}), so an auditd that runs keeps
 * running; events are read separately through {@link AuditEventReader}.
 *
 * <p>Opened in the initial network namespace even when the calling thread is elsewhere (see
 * {@link #open()}). Calls are serialised; needs CAP_AUDIT_CONTROL (root).
 */
public final class AuditClient implements AutoCloseable {
    static final int AUDIT_GET = 1000;
    static final int AUDIT_SET = 1001;
    static final int AUDIT_ADD_RULE = 1011;
    static final int AUDIT_DEL_RULE = 1012;
    static final int AUDIT_LIST_RULES = 1013;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final NetlinkSocket socket;
    private final NetlinkExchange exchange;
    private final ReentrantLock lock = new ReentrantLock();

    private AuditClient(NetlinkSocket socket) {
        this.socket = socket;
        this.exchange = new NetlinkExchange(socket, TIMEOUT);
    }

    /**
     * Opens the control socket in the initial network namespace ({@link NetworkNamespaces#initial()}),
     * whichever namespace the calling thread is in, so that the client and {@link AuditEventReader}
     * always talk to the same audit instance.
     */
    public static AuditClient open() throws ErrnoException {
        return new AuditClient(AuditSockets.openInInitialNamespace());
    }

    /** Opens the control socket in the namespace of {@code namespaceFile} (for experiments and tests). */
    public static AuditClient openIn(Path namespaceFile) throws ErrnoException {
        return new AuditClient(NetworkNamespaces.openSocketIn(namespaceFile, NetlinkProtocol.AUDIT));
    }

    public AuditStatus status() throws ErrnoException, NetlinkParseException {
        List<NetlinkMessage> replies = locked(() -> exchange.request(
                new NetlinkMessageBuilder(AUDIT_GET, NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK),
                collected -> collected.stream().anyMatch(m -> m.type() == AUDIT_GET)));
        for (NetlinkMessage reply : replies) {
            if (reply.type() == AUDIT_GET) {
                return AuditStatusCodec.read(reply.payloadReader());
            }
        }
        throw new NetlinkParseException("no AUDIT_GET reply");
    }

    /**
     * Turns auditing on or off. Syscall records are produced only while it is on, and only for
     * processes started after it was first switched on since boot.
     */
    public void setEnabled(boolean enabled) throws ErrnoException, NetlinkParseException {
        set(AuditStatusCodec.set(AuditStatusCodec.ENABLED, enabled ? 1 : 0));
    }

    /** How many records the kernel may queue for delivery before it drops (and counts) them. */
    public void setBacklogLimit(int records) throws ErrnoException, NetlinkParseException {
        set(AuditStatusCodec.set(AuditStatusCodec.BACKLOG_LIMIT, records));
    }

    /** Every rule in the kernel, ours and others', in kernel order. */
    public List<AuditRule> listRules() throws ErrnoException, NetlinkParseException {
        List<NetlinkMessage> replies = locked(() -> exchange.dump(
                new NetlinkMessageBuilder(AUDIT_LIST_RULES, NetlinkMessage.F_REQUEST)));
        List<AuditRule> rules = new ArrayList<>();
        for (NetlinkMessage reply : replies) {
            if (reply.type() == AUDIT_LIST_RULES) {
                rules.add(AuditRuleCodec.read(reply.payloadReader()));
            }
        }
        return rules;
    }

    /** Adds a rule at the end of its filter list; EEXIST when an identical rule exists. */
    public void addRule(AuditRule rule) throws ErrnoException, NetlinkParseException {
        ruleRequest(AUDIT_ADD_RULE, rule);
    }

    /** Deletes the rule identical to {@code rule}; ENOENT when there is none. */
    public void deleteRule(AuditRule rule) throws ErrnoException, NetlinkParseException {
        ruleRequest(AUDIT_DEL_RULE, rule);
    }

    /**
     * Deletes every rule whose filter key is exactly {@code key}, and nothing else.
     *
     * @return how many rules were deleted
     */
    public int deleteRulesWithKey(String key) throws ErrnoException, NetlinkParseException {
        int deleted = 0;
        for (AuditRule rule : listRules()) {
            if (rule.key().filter(key::equals).isPresent()) {
                try {
                    deleteRule(rule);
                    deleted++;
                } catch (ErrnoException e) {
                    if (e.errno() != ErrnoException.ENOENT) { // gone meanwhile: fine
                        throw e;
                    }
                }
            }
        }
        return deleted;
    }

    private void ruleRequest(int type, AuditRule rule) throws ErrnoException, NetlinkParseException {
        NetlinkMessageBuilder request = AuditRuleCodec.write(rule,
                new NetlinkMessageBuilder(type, NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK));
        locked(() -> exchange.request(request, replies -> true));
    }

    private void set(NetlinkMessageBuilder request) throws ErrnoException, NetlinkParseException {
        locked(() -> exchange.request(request, replies -> true));
    }

    private <T> T locked(Call<T> call) throws ErrnoException, NetlinkParseException {
        lock.lock();
        try {
            return call.run();
        } finally {
            lock.unlock();
        }
    }

    private interface Call<T> {
        T run() throws ErrnoException, NetlinkParseException;
    }

    @Override
    public void close() {
        socket.close();
    }

}
