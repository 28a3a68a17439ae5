package dev.runwall.sandbox.internal.zone;

import dev.runwall.sandbox.Cname;
import dev.runwall.sandbox.DnsFault;
import dev.runwall.sandbox.Host;
import dev.runwall.sandbox.Zone;
import dev.runwall.sandbox.ZoneRecord;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** Writes a {@link Zone} in the zone file format (how a zone built in Java reaches the internet server). */
public final class ZoneYamlWriter {

    public String write(Zone zone) {
        var top = new LinkedHashMap<String, Object>();
        top.put("hosts", zone.hosts().stream().map(ZoneYamlWriter::host).toList());
        top.put("cnames", zone.cnames().stream().map(ZoneYamlWriter::cname).toList());
        top.put("records", zone.records().stream().map(ZoneYamlWriter::record).toList());
        top.put("resolvers", addresses(zone.resolvers()));
        top.put("faults", zone.faults().stream().map(ZoneYamlWriter::fault).toList());
        var settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(Integer.MAX_VALUE)
                // the same (empty) list in many hosts must not become anchors and aliases: the reader limits aliases
                .setDereferenceAliases(true).build();
        return new Dump(settings).dumpToString(top);
    }

    private static Map<String, Object> host(Host host) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", host.name());
        m.put("ipv4", addresses(host.ipv4()));
        m.put("ipv6", addresses(host.ipv6()));
        m.put("tcp", host.tcp());
        m.put("udp", host.udp());
        m.put("ttl", host.ttl());
        return m;
    }

    private static Map<String, Object> cname(Cname cname) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", cname.name());
        m.put("target", cname.target());
        m.put("ttl", cname.ttl());
        return m;
    }

    private static Map<String, Object> record(ZoneRecord record) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", record.name());
        m.put("type", record.type());
        m.put("ttl", record.ttl());
        m.put("data", record.data());
        return m;
    }

    private static Map<String, Object> fault(DnsFault fault) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", fault.name());
        m.put("fault", fault.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (fault.kind() == DnsFault.Kind.DELAY) {
            m.put("delay-ms", fault.delay().toMillis());
        }
        return m;
    }

    private static List<String> addresses(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).toList();
    }
}
