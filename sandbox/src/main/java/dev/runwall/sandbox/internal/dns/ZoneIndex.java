package dev.runwall.sandbox.internal.dns;

import dev.runwall.sandbox.Cname;
import dev.runwall.sandbox.DnsFault;
import dev.runwall.sandbox.Host;
import dev.runwall.sandbox.Zone;
import dev.runwall.sandbox.ZoneRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zone as DNS records, by owner name and type. dnsjava's {@link Name} compares case-insensitively,
 * so lookups need no lower-casing. Immutable once built; shared by every listener thread.
 */
public final class ZoneIndex {
    private final Map<Name, Map<Integer, List<Record>>> nodes = new HashMap<>();
    /** Owner names and all their ancestors: an ancestor without records is NODATA, not NXDOMAIN. */
    private final Set<Name> existing = new HashSet<>();
    private final Map<Name, DnsFault> faults = new HashMap<>();

    public ZoneIndex(Zone zone) {
        for (Host host : zone.hosts()) {
            Name name = name(host.name());
            for (InetAddress a : host.ipv4()) {
                add(new ARecord(name, DClass.IN, host.ttl(), a));
            }
            for (InetAddress a : host.ipv6()) {
                add(new AAAARecord(name, DClass.IN, host.ttl(), a));
            }
        }
        for (Cname cname : zone.cnames()) {
            add(new CNAMERecord(name(cname.name()), DClass.IN, cname.ttl(), name(cname.target())));
        }
        for (DnsFault fault : zone.faults()) {
            faults.put(name(fault.name()), fault);
        }
        for (ZoneRecord r : zone.records()) {
            try {
                add(Record.fromString(name(r.name()), Type.value(r.type()), DClass.IN, r.ttl(), r.data(), Name.root));
            } catch (IOException e) {
                throw new IllegalStateException("a checked zone holds an unparsable record: " + r, e);
            }
        }
    }

    /** The records of one name by type (insertion order), or null when the name owns no records. */
    public Map<Integer, List<Record>> node(Name name) {
        return nodes.get(name);
    }

    /** The misbehaviour configured for exactly this name, if any. */
    public Optional<DnsFault> fault(Name name) {
        return Optional.ofNullable(faults.get(name));
    }

    /** Whether the name owns records or is an ancestor of a name that does. */
    public boolean exists(Name name) {
        return existing.contains(name);
    }

    private void add(Record record) {
        nodes.computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
                .computeIfAbsent(record.getType(), t -> new ArrayList<>())
                .add(record);
        for (Name n = record.getName(); ; n = new Name(n, 1)) {
            existing.add(n);
            if (n.labels() <= 1) {
                break;
            }
        }
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalStateException("a checked zone holds an invalid name: " + text, e);
        }
    }
}
