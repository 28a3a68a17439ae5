package dev.runwall.sandbox.internal.zone;

import dev.runwall.sandbox.Cname;
import dev.runwall.sandbox.DnsFault;
import dev.runwall.sandbox.Host;
import dev.runwall.sandbox.Zone;
import dev.runwall.sandbox.ZoneException;
import dev.runwall.sandbox.ZoneRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads the YAML zone format (see docs/sandbox.md) into a {@link Zone}, with file:line in every error. */
public final class ZoneFileReader {
    private static final Set<String> TOP = Set.of("hosts", "cnames", "records", "resolvers", "faults");
    private static final Set<String> HOST = Set.of("name", "ipv4", "ipv6", "tcp", "udp", "ttl");
    private static final Set<String> CNAME = Set.of("name", "target", "ttl");
    private static final Set<String> RECORD = Set.of("name", "type", "ttl", "data", "size");
    private static final Set<String> FAULT = Set.of("name", "fault", "delay-ms");

    private final String source;
    private final YamlNodes yaml;
    private final Map<ZoneChecker.Part, List<Integer>> lines = new EnumMap<>(ZoneChecker.Part.class);

    public ZoneFileReader(String source) {
        this.source = source;
        this.yaml = new YamlNodes(source);
        for (ZoneChecker.Part part : ZoneChecker.Part.values()) {
            lines.put(part, new ArrayList<>());
        }
    }

    public Zone read(String text) throws ZoneException {
        Node top = compose(text).orElseThrow(() -> new ZoneException(source, 0,
                "the zone is empty: it needs at least 'hosts:' (see 'runwall sandbox zone-example')"));
        Map<String, Node> sections = yaml.fields(top, "the zone", TOP);
        List<Host> hosts = new ArrayList<>();
        for (Node node : yaml.sequence(sections.get("hosts"), "hosts")) {
            hosts.add(host(node));
        }
        List<Cname> cnames = new ArrayList<>();
        for (Node node : yaml.sequence(sections.get("cnames"), "cnames")) {
            cnames.add(cname(node));
        }
        List<ZoneRecord> records = new ArrayList<>();
        for (Node node : yaml.sequence(sections.get("records"), "records")) {
            records.addAll(records(node));
        }
        List<InetAddress> resolvers = new ArrayList<>();
        for (ScalarNode node : yaml.scalars(sections.get("resolvers"), "resolvers")) {
            resolvers.add(rule(node, () -> ZoneRules.address(yaml.text(node))));
            lines.get(ZoneChecker.Part.RESOLVER).add(yaml.line(node));
        }
        List<DnsFault> faults = new ArrayList<>();
        for (Node node : yaml.sequence(sections.get("faults"), "faults")) {
            faults.add(fault(node));
        }
        ZoneChecker.Checked checked;
        try {
            checked = ZoneChecker.check(hosts, cnames, records, resolvers, faults,
                    (part, i) -> "line " + lines.get(part).get(i));
        } catch (ZoneChecker.Violation v) {
            throw new ZoneException(source, lines.get(v.part()).get(v.index()), v.getMessage());
        }
        return new Zone(checked.hosts(), checked.cnames(), checked.records(), checked.resolvers(), checked.faults());
    }

    private Optional<Node> compose(String text) throws ZoneException {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowRecursiveKeys(false).build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new ZoneException(source, line, "not valid YAML: " + e.getProblem()
                    + " (check indentation and quoting near this line)");
        } catch (YamlEngineException e) {
            throw new ZoneException(source, 0, "not valid YAML: " + e.getMessage());
        }
    }

    private Host host(Node node) throws ZoneException {
        Map<String, Node> f = yaml.fields(node, "a host", HOST);
        String name = yaml.text(yaml.requiredScalar(f, "name", node, "a host"));
        var v4 = new ArrayList<InetAddress>();
        for (ScalarNode a : yaml.scalars(f.get("ipv4"), "ipv4")) {
            v4.add(rule(a, () -> ZoneRules.ipv4(yaml.text(a))));
        }
        var v6 = new ArrayList<InetAddress>();
        for (ScalarNode a : yaml.scalars(f.get("ipv6"), "ipv6")) {
            v6.add(rule(a, () -> ZoneRules.ipv6(yaml.text(a))));
        }
        int ttl = ttl(f, "host '" + name + "'");
        lines.get(ZoneChecker.Part.HOST).add(yaml.line(node));
        return new Host(name, v4, v6, ports(f.get("tcp"), "tcp"), ports(f.get("udp"), "udp"), ttl);
    }

    private List<Integer> ports(Node node, String protocol) throws ZoneException {
        var ports = new ArrayList<Integer>();
        for (ScalarNode p : yaml.scalars(node, protocol)) {
            long value = yaml.integer(p, protocol + " port");
            ports.add(rule(p, () -> ZoneRules.port(value)));
        }
        return ports;
    }

    private Cname cname(Node node) throws ZoneException {
        Map<String, Node> f = yaml.fields(node, "a cname", CNAME);
        String name = yaml.text(yaml.requiredScalar(f, "name", node, "a cname"));
        String target = yaml.text(yaml.requiredScalar(f, "target", node, "cname '" + name + "'"));
        int ttl = ttl(f, "cname '" + name + "'");
        lines.get(ZoneChecker.Part.CNAME).add(yaml.line(node));
        return new Cname(name, target, ttl);
    }

    /** One entry may hold several data values: one record each (an RRset). */
    private List<ZoneRecord> records(Node node) throws ZoneException {
        Map<String, Node> f = yaml.fields(node, "a record", RECORD);
        String name = yaml.text(yaml.requiredScalar(f, "name", node, "a record"));
        ScalarNode typeNode = yaml.requiredScalar(f, "type", node, "record '" + name + "'");
        String type = rule(typeNode, () -> ZoneRules.recordType(yaml.text(typeNode)));
        int ttl = ttl(f, "record '" + name + "'");
        var out = new ArrayList<ZoneRecord>();
        if (f.containsKey("size")) {
            if (f.containsKey("data")) {
                throw yaml.error(f.get("size"), "record '" + name + "' has both size and data: keep one");
            }
            if (!type.equals("TXT")) {
                throw yaml.error(f.get("size"), "size makes a large TXT record; " + type + " records need data");
            }
            long size = yaml.integer(f, "size", 0, "record '" + name + "'");
            int checked = rule(f.get("size"), () -> ZoneRules.txtSize(size));
            out.add(new ZoneRecord(name, type, ttl, ZoneRules.largeTxt(checked)));
        } else {
            List<ScalarNode> data = yaml.scalars(f.get("data"), "data of record '" + name + "'");
            if (data.isEmpty()) {
                throw yaml.error(node, "record '" + name + "' needs 'data' (DNS presentation format) or, for TXT, 'size'");
            }
            for (ScalarNode d : data) {
                out.add(new ZoneRecord(name, type, ttl, yaml.text(d)));
            }
        }
        for (int i = 0; i < out.size(); i++) {
            lines.get(ZoneChecker.Part.RECORD).add(yaml.line(node));
        }
        return out;
    }

    private DnsFault fault(Node node) throws ZoneException {
        Map<String, Node> f = yaml.fields(node, "a fault", FAULT);
        String name = yaml.text(yaml.requiredScalar(f, "name", node, "a fault"));
        ScalarNode kindNode = yaml.requiredScalar(f, "fault", node, "fault '" + name + "'");
        DnsFault.Kind kind;
        try {
            kind = DnsFault.Kind.valueOf(yaml.text(kindNode).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw yaml.error(kindNode, "unknown fault '" + ZoneRules.shorten(yaml.text(kindNode))
                    + "': use drop, delay, servfail, refused or truncate");
        }
        long millis = yaml.integer(f, "delay-ms", 0, "fault '" + name + "'");
        if (kind == DnsFault.Kind.DELAY && !f.containsKey("delay-ms")) {
            throw yaml.error(node, "fault '" + name + "' is a delay: give delay-ms (milliseconds)");
        }
        lines.get(ZoneChecker.Part.FAULT).add(yaml.line(node));
        return new DnsFault(name, kind, java.time.Duration.ofMillis(millis));
    }

    private int ttl(Map<String, Node> fields, String what) throws ZoneException {
        long value = yaml.integer(fields, "ttl", Host.DEFAULT_TTL, what);
        return fields.containsKey("ttl") ? rule(fields.get("ttl"), () -> ZoneRules.ttl(value)) : (int) value;
    }

    @FunctionalInterface
    private interface Rule<T> {
        T apply() throws RuleViolation;
    }

    private <T> T rule(Node node, Rule<T> rule) throws ZoneException {
        try {
            return rule.apply();
        } catch (RuleViolation e) {
            throw yaml.error(node, e);
        }
    }
}
