package dev.runwall.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runwall.core.json.JsonCodec;
import dev.runwall.core.policy.AllowedEndpointsParser;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.EndpointPattern;
import dev.runwall.core.policy.NamePattern;
import dev.runwall.core.policy.PolicyException;
import dev.runwall.core.policy.PolicyMerger;
import dev.runwall.core.policy.PolicyYaml;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A report given to {@code runwall policy} or {@code runwall diff} comes from a CI run, where a compromised job
 * could have written it: any bytes must be read as a report or rejected with a message naming the file, and a
 * report read must never crash the merge, the diff or the summary, nor put into a policy anything but valid,
 * exact (non-wildcard) entries, nor break the policy's YAML.
 */
class ReportFuzzTest {
    private static final String[] TEXT = {
        "api.nuget.org", "EVIL.example", "*", "*.example.com", "a\nb", "x y", "198.18.1.10", "fd52::7", "[fd52::7]",
        "a:b", "'", "\"", "# c", "\u001b[2J", "<script>", "", "xn--bcher-kva.example", "-", "step-1",
        "evil.com\n- \"*:443\"", "1.2.3.4/0", "ftp://x", "\u2028", "tcp", "udp", "icmp", "audited", "blocked",
        "allowed", "NOERROR", "NXDOMAIN", "dns", "connection", "step", "agent", "2026-11-25T10:00:00Z",
    };

    @FuzzTest(maxDuration = "30s")
    void anyReportIsReadOrRejectedAndNeverBreaksPolicyDiffOrSummary(FuzzedDataProvider data) throws Exception {
        byte[] json = data.consumeBoolean()
                ? JsonCodec.mapper().writeValueAsBytes(report(data))
                : data.consumeRemainingAsBytes();
        Report r;
        try {
            r = ReportJson.parse(json, "fuzz.json");
        } catch (ReportFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzz.json");
            return;
        }
        for (PolicyMerger.JobPolicy p : PolicyMerger.merge(List.of(r, r), 2)) {
            for (String entry : p.allowedEndpoints()) {
                EndpointPattern parsed = AllowedEndpointsParser.parseEntry(entry);
                assertThat(parsed.text()).isEqualTo(entry);
                assertThat(parsed instanceof NamePattern n && n.wildcard()).as("%s from a report", entry).isFalse();
            }
            checkYaml(p);
            checkYaml(p.applyWildcards());
        }
        assertThat(BaselineDiff.compare(List.of(r), r).newEndpoints()).isEmpty();
        for (String summary : List.of(MarkdownSummary.render(r),
                MarkdownSummary.render(r.withBaseline(BaselineDiff.compare(List.of(), r))))) {
            assertThat(summary.chars().filter(c -> c != '\n' && Character.isISOControl(c))).isEmpty();
            assertThat(summary.replace("<br>", "")).doesNotContain("<");
        }
    }

    /** Both printed forms are YAML that gives back exactly the policy's entries. */
    private static void checkYaml(PolicyMerger.JobPolicy p) throws PolicyException {
        Load load = new Load(LoadSettings.builder().build());
        Map<?, ?> with = (Map<?, ?>) load.loadFromString(PolicyYaml.withBlockAndNotes(p));
        List<String> fromWith = EgressPolicy.of(EgressMode.BLOCK, (String) with.get("allowed-endpoints")).endpoints()
                .stream().map(EndpointPattern::text).toList();
        assertThat(fromWith).containsExactlyInAnyOrderElementsOf(p.allowedEndpoints());
        Map<?, ?> file = (Map<?, ?>) load.loadFromString(PolicyYaml.runwallFile(p, true));
        assertThat(file.get("allowed-endpoints")).isEqualTo(p.allowedEndpoints());
    }

    /** A report-shaped document with every value drawn from hostile text, odd numbers and nulls. */
    private static ObjectNode report(FuzzedDataProvider data) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("schemaVersion", data.consumeBoolean() ? 1 : data.consumeInt(-1, 2));
        ObjectNode job = r.putObject("job");
        job.set("name", text(data));
        job.set("egressPolicy", text(data));
        job.set("allowedEndpoints", text(data));
        job.set("startedAt", text(data));
        ArrayNode steps = r.putArray("steps");
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            ObjectNode s = steps.addObject();
            s.set("id", text(data));
            s.set("name", text(data));
            s.set("exitCode", number(data));
            if (data.consumeBoolean()) {
                ObjectNode b = s.putArray("background").addObject();
                b.set("pid", number(data));
                b.set("name", text(data));
                b.putArray("endpoints").add(text(data));
            }
        }
        ArrayNode events = r.putArray("events");
        for (int i = data.consumeInt(0, 6); i > 0; i--) {
            ObjectNode e = events.addObject();
            e.set("kind", text(data));
            e.set("time", text(data));
            for (String f : List.of("step", "verdict", "domain", "ip", "protocol", "qtype", "transport", "rcode",
                    "path", "reason", "unexplained")) {
                if (data.consumeBoolean()) {
                    e.set(f, text(data));
                }
            }
            e.set("port", number(data));
            if (data.consumeBoolean()) {
                ObjectNode a = e.putArray("answers").addObject();
                a.set("name", text(data));
                a.set("type", data.consumeBoolean() ? JsonNodeFactory.instance.textNode("A") : text(data));
                a.set("data", text(data));
            }
            if (data.consumeBoolean()) {
                e.set("process", process(data));
            }
        }
        ArrayNode endpoints = r.putArray("endpoints");
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            endpoints.add(endpoint(data));
        }
        if (data.consumeBoolean()) {
            ObjectNode b = r.putObject("baseline");
            b.set("runs", number(data));
            b.putArray("newEndpoints").add(endpoint(data));
        }
        if (data.consumeBoolean()) {
            ObjectNode loss = r.putObject("loss");
            loss.set("auditLost", number(data));
        }
        return r;
    }

    private static ObjectNode endpoint(FuzzedDataProvider data) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.set("domain", text(data));
        e.set("port", number(data));
        e.set("protocol", text(data));
        e.set("verdict", text(data));
        e.putArray("ips").add(text(data));
        e.putArray("steps").add(text(data));
        ObjectNode p = e.putArray("processes").addObject();
        p.set("name", text(data));
        p.set("exe", text(data));
        p.putArray("pids").add(number(data));
        p.putArray("parents").add(process(data));
        e.set("count", number(data));
        return e;
    }

    private static ObjectNode process(FuzzedDataProvider data) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.set("pid", number(data));
        p.set("name", text(data));
        p.set("exe", text(data));
        if (data.consumeBoolean()) {
            p.putArray("cmdline").add(text(data));
            p.putArray("parents").addObject().set("name", text(data));
        }
        return p;
    }

    private static JsonNode text(FuzzedDataProvider data) {
        int pick = data.consumeInt(0, TEXT.length + 1);
        if (pick == TEXT.length) {
            return JsonNodeFactory.instance.nullNode();
        }
        return JsonNodeFactory.instance.textNode(pick < TEXT.length ? TEXT[pick] : data.consumeString(24));
    }

    private static JsonNode number(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> JsonNodeFactory.instance.nullNode();
            case 1 -> JsonNodeFactory.instance.numberNode(data.consumeInt(0, 65_535));
            case 2 -> JsonNodeFactory.instance.numberNode(data.consumeInt());
            default -> JsonNodeFactory.instance.numberNode(443);
        };
    }

}
