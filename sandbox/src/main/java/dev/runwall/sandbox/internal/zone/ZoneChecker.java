package dev.runwall.sandbox.internal.zone;

import dev.runwall.sandbox.Cname;
import dev.runwall.sandbox.DnsFault;
import dev.runwall.sandbox.Host;
import dev.runwall.sandbox.ZoneRecord;
import dev.runwall.sandbox.internal.AddressText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks a whole zone: every value (by {@link ZoneRules}) and the rules between entries — a name is
 * defined once, a CNAME stands alone, a resolver address is nobody else's. Returns the zone with
 * normalised names and types.
 */
public final class ZoneChecker {

    /** The parts of a zone, for locating a violation. */
    public enum Part { HOST, CNAME, RECORD, RESOLVER, FAULT }

    /** Describes where an entry is, for messages that refer to another entry ("first defined at line 4"). */
    @FunctionalInterface
    public interface Locator {
        String describe(Part part, int index);
    }

    /** A violation at one entry of the zone. */
    public static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Part part;
        private final int index;

        Violation(Part part, int index, String message) {
            super(message);
            this.part = part;
            this.index = index;
        }

        public Part part() {
            return part;
        }

        public int index() {
            return index;
        }
    }

    /** The normalised zone content. */
    public record Checked(List<Host> hosts, List<Cname> cnames, List<ZoneRecord> records, List<InetAddress> resolvers,
            List<DnsFault> faults) {}

    private final Locator locator;
    private final Map<String, String> definedAt = new HashMap<>(); // name -> description of its first entry
    private final Map<String, Part> kindOf = new HashMap<>();

    private ZoneChecker(Locator locator) {
        this.locator = locator;
    }

    public static Checked check(List<Host> hosts, List<Cname> cnames, List<ZoneRecord> records,
            List<InetAddress> resolvers, List<DnsFault> faults, Locator locator) throws Violation {
        return new ZoneChecker(locator).run(hosts, cnames, records, resolvers, faults);
    }

    private Checked run(List<Host> hosts, List<Cname> cnames, List<ZoneRecord> records, List<InetAddress> resolvers,
            List<DnsFault> faults) throws Violation {
        var hostAddresses = new HashSet<InetAddress>();
        var outHosts = new ArrayList<Host>();
        for (int i = 0; i < hosts.size(); i++) {
            Host host = host(hosts.get(i), i);
            outHosts.add(host);
            hostAddresses.addAll(host.addresses());
        }
        var outCnames = new ArrayList<Cname>();
        for (int i = 0; i < cnames.size(); i++) {
            outCnames.add(cname(cnames.get(i), i));
        }
        var outRecords = new ArrayList<ZoneRecord>();
        for (int i = 0; i < records.size(); i++) {
            outRecords.add(record(records.get(i), i));
        }
        var seen = new HashSet<InetAddress>();
        for (int i = 0; i < resolvers.size(); i++) {
            InetAddress resolver = resolvers.get(i);
            int at = i;
            check(Part.RESOLVER, i, () -> ZoneRules.checkUsable(resolver));
            if (hostAddresses.contains(resolver)) {
                throw new Violation(Part.RESOLVER, i, "resolver " + AddressText.of(resolver)
                        + " is also a host's address: give the resolver an address of its own");
            }
            if (!seen.add(resolver)) {
                throw new Violation(Part.RESOLVER, at, "resolver " + AddressText.of(resolver) + " is listed twice");
            }
        }
        var outFaults = new ArrayList<DnsFault>();
        var faulty = new HashMap<String, Integer>();
        for (int i = 0; i < faults.size(); i++) {
            DnsFault fault = fault(faults.get(i), i);
            Integer first = faulty.putIfAbsent(fault.name(), i);
            if (first != null) {
                throw new Violation(Part.FAULT, i, "'" + fault.name() + "' already has a fault at "
                        + locator.describe(Part.FAULT, first) + ": a name has one fault");
            }
            outFaults.add(fault);
        }
        return new Checked(outHosts, outCnames, outRecords, resolvers, outFaults);
    }

    private static DnsFault fault(DnsFault fault, int i) throws Violation {
        String name = rule(Part.FAULT, i, () -> ZoneRules.name(fault.name()));
        long millis = fault.delay().toMillis();
        if (fault.kind() == DnsFault.Kind.DELAY) {
            if (millis < 1 || millis > ZoneRules.MAX_DELAY_MILLIS) {
                throw new Violation(Part.FAULT, i, "the delay of '" + name + "' must be 1 to "
                        + ZoneRules.MAX_DELAY_MILLIS + " milliseconds, not " + millis);
            }
        } else if (!fault.delay().isZero()) {
            throw new Violation(Part.FAULT, i, "only a delay fault takes a delay ('" + name + "' has "
                    + fault.kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return new DnsFault(name, fault.kind(), fault.delay());
    }

    private Host host(Host host, int i) throws Violation {
        String name = rule(Part.HOST, i, () -> ZoneRules.name(host.name()));
        if (host.ipv4().isEmpty() && host.ipv6().isEmpty()) {
            throw new Violation(Part.HOST, i, "host '" + name + "' has no address: give it ipv4:, ipv6: or both");
        }
        for (InetAddress a : host.ipv4()) {
            if (!(a instanceof Inet4Address)) {
                throw new Violation(Part.HOST, i, "ipv4 of host '" + name + "' holds the IPv6 address " + AddressText.of(a));
            }
            check(Part.HOST, i, () -> ZoneRules.checkUsable(a));
        }
        for (InetAddress a : host.ipv6()) {
            if (!(a instanceof Inet6Address)) {
                throw new Violation(Part.HOST, i, "ipv6 of host '" + name + "' holds the IPv4 address " + AddressText.of(a));
            }
            check(Part.HOST, i, () -> ZoneRules.checkUsable(a));
        }
        ports(host.tcp(), "tcp", name, i);
        ports(host.udp(), "udp", name, i);
        int ttl = rule(Part.HOST, i, () -> ZoneRules.ttl(host.ttl()));
        define(name, Part.HOST, i);
        return new Host(name, host.ipv4(), host.ipv6(), host.tcp(), host.udp(), ttl);
    }

    private void ports(List<Integer> ports, String protocol, String name, int i) throws Violation {
        var seen = new HashSet<Integer>();
        for (int port : ports) {
            rule(Part.HOST, i, () -> ZoneRules.port(port));
            if (!seen.add(port)) {
                throw new Violation(Part.HOST, i, protocol + " port " + port + " is listed twice for host '" + name + "'");
            }
        }
    }

    private ZoneRecord record(ZoneRecord record, int i) throws Violation {
        String name = rule(Part.RECORD, i, () -> ZoneRules.name(record.name()));
        String type = rule(Part.RECORD, i, () -> ZoneRules.recordType(record.type()));
        int ttl = rule(Part.RECORD, i, () -> ZoneRules.ttl(record.ttl()));
        check(Part.RECORD, i, () -> ZoneRules.recordData(name, type, ttl, record.data()));
        if (kindOf.get(name) == Part.CNAME) {
            throw clash(name, Part.RECORD, i);
        }
        kindOf.putIfAbsent(name, Part.RECORD);
        definedAt.putIfAbsent(name, locator.describe(Part.RECORD, i));
        return new ZoneRecord(name, type, ttl, record.data());
    }

    private Cname cname(Cname cname, int i) throws Violation {
        String name = rule(Part.CNAME, i, () -> ZoneRules.name(cname.name()));
        String target = rule(Part.CNAME, i, () -> ZoneRules.name(cname.target()));
        int ttl = rule(Part.CNAME, i, () -> ZoneRules.ttl(cname.ttl()));
        if (name.equals(target)) {
            throw new Violation(Part.CNAME, i, "cname '" + name + "' points at itself: give another target");
        }
        define(name, Part.CNAME, i);
        return new Cname(name, target, ttl);
    }

    /** Hosts and CNAMEs own their name alone; records may share a name with a host (e.g. TXT next to A). */
    private void define(String name, Part part, int i) throws Violation {
        Part previous = kindOf.get(name);
        if (previous == Part.HOST || previous == Part.CNAME || (previous == Part.RECORD && part == Part.CNAME)) {
            throw clash(name, part, i);
        }
        kindOf.put(name, part);
        definedAt.putIfAbsent(name, locator.describe(part, i));
    }

    private Violation clash(String name, Part part, int i) {
        String what = part == Part.CNAME || kindOf.get(name) == Part.CNAME
                ? ": a name with a CNAME can have no other records; remove one of them"
                : ": merge the two entries into one";
        return new Violation(part, i, "'" + name + "' is already defined at " + definedAt.get(name) + what);
    }

    @FunctionalInterface
    private interface Rule<T> {
        T apply() throws RuleViolation;
    }

    @FunctionalInterface
    private interface Check {
        void apply() throws RuleViolation;
    }

    private static <T> T rule(Part part, int index, Rule<T> rule) throws Violation {
        try {
            return rule.apply();
        } catch (RuleViolation e) {
            throw new Violation(part, index, e.getMessage());
        }
    }

    private static void check(Part part, int index, Check check) throws Violation {
        rule(part, index, () -> {
            check.apply();
            return null;
        });
    }
}
