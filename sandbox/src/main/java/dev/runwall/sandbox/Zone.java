package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.zone.ZoneChecker;
import dev.runwall.sandbox.internal.zone.ZoneFileReader;
import dev.runwall.sandbox.internal.zone.ZoneRules;
import dev.runwall.sandbox.internal.zone.ZoneYamlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content of a sandbox internet: hosts (A/AAAA + listening ports), CNAMEs, records of any other
 * type, extra resolver addresses, and DNS faults for chosen names. Every instance is valid: names are
 * normalised (lower case, no trailing dot) and every address is inside the sandbox ranges (see {@link AddressPlan}).
 *
 * <p>From a file: {@link #parse(Path)}; in Java: {@link #builder()}.
 */
public record Zone(List<Host> hosts, List<Cname> cnames, List<ZoneRecord> records, List<InetAddress> resolvers,
        List<DnsFault> faults) {

    /** @throws IllegalArgumentException when the content breaks a zone rule (the message says which and why) */
    public Zone {
        try {
            var checked = ZoneChecker.check(List.copyOf(hosts), List.copyOf(cnames), List.copyOf(records),
                    List.copyOf(resolvers), List.copyOf(faults), Zone::describe);
            hosts = List.copyOf(checked.hosts());
            cnames = List.copyOf(checked.cnames());
            records = List.copyOf(checked.records());
            resolvers = List.copyOf(checked.resolvers());
            faults = List.copyOf(checked.faults());
        } catch (ZoneChecker.Violation v) {
            throw new IllegalArgumentException(describe(v.part(), v.index()) + ": " + v.getMessage());
        }
    }

    /** Reads a zone file; every error names the file and line, what is wrong and what to do. */
    public static Zone parse(Path file) throws ZoneException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ZoneException(file.toString(), 0, "cannot read the zone file (" + e.getMessage()
                    + "): check the path and its permissions", e);
        }
        return parse(text, file.toString());
    }

    /** Parses zone text; {@code source} is the name used in error messages. */
    public static Zone parse(String text, String source) throws ZoneException {
        return new ZoneFileReader(source).read(text);
    }

    /** The example zone shipped with Runwall (also printed by {@code runwall sandbox zone-example}). */
    public static String exampleText() {
        try (InputStream in = Zone.class.getResourceAsStream("example-zone.yml")) {
            if (in == null) {
                throw new IllegalStateException("example-zone.yml is missing from the runwall-sandbox jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Zone example() {
        try {
            return parse(exampleText(), "example-zone.yml");
        } catch (ZoneException e) {
            throw new IllegalStateException("the shipped example zone is invalid", e);
        }
    }

    /** This zone in the zone file format. */
    public String toYaml() {
        return new ZoneYamlWriter().write(this);
    }

    /** The host with this name (any case, trailing dot optional). */
    public Optional<Host> host(String name) {
        String wanted = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return hosts.stream().filter(h -> h.name().equalsIgnoreCase(wanted)).findFirst();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String describe(ZoneChecker.Part part, int index) {
        return switch (part) {
            case HOST -> "hosts[" + index + "]";
            case CNAME -> "cnames[" + index + "]";
            case RECORD -> "records[" + index + "]";
            case RESOLVER -> "resolvers[" + index + "]";
            case FAULT -> "faults[" + index + "]";
        };
    }

    /** Builds a zone in Java; {@link #build()} checks it like a zone file. */
    public static final class Builder {
        private final List<Host> hosts = new ArrayList<>();
        private final List<Cname> cnames = new ArrayList<>();
        private final List<ZoneRecord> records = new ArrayList<>();
        private final List<InetAddress> resolvers = new ArrayList<>();
        private final List<DnsFault> faults = new ArrayList<>();

        private Builder() {}

        public Builder host(Host host) {
            hosts.add(host);
            return this;
        }

        public Builder cname(String name, String target) {
            return cname(Cname.of(name, target));
        }

        public Builder cname(Cname cname) {
            cnames.add(cname);
            return this;
        }

        /** A record in presentation format, e.g. {@code record("example.test", "MX", "10 mail.example.test.")}. */
        public Builder record(String name, String type, String data) {
            return record(ZoneRecord.of(name, type, data));
        }

        public Builder record(ZoneRecord record) {
            records.add(record);
            return this;
        }

        /** A TXT record of {@code size} bytes of text (over 512 makes a truncated UDP answer). */
        public Builder largeTxt(String name, int size) {
            if (size < 1 || size > ZoneRules.MAX_TXT_SIZE) {
                throw new IllegalArgumentException("TXT size " + size + " not in 1.." + ZoneRules.MAX_TXT_SIZE);
            }
            return record(name, "TXT", ZoneRules.largeTxt(size));
        }

        /** An extra resolver of the sandbox internet (DNS on 53, DoT/DoH stand-ins on 853/443). */
        public Builder resolver(String address) {
            resolvers.add(InetAddress.ofLiteral(address));
            return this;
        }

        /** Makes the DNS servers misbehave for one name (see {@link DnsFault.Kind}). */
        public Builder fault(DnsFault fault) {
            faults.add(fault);
            return this;
        }

        public Builder fault(String name, DnsFault.Kind kind) {
            return fault(DnsFault.of(name, kind));
        }

        public Zone build() {
            return new Zone(hosts, cnames, records, resolvers, faults);
        }
    }
}
