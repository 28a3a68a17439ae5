package dev.runwall.cli;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.ProcessRef;
import dev.runwall.core.event.StepEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.ReportBuilder;
import dev.runwall.core.report.ReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes small report.json files: calls are "Step name|host|port" (port "dns" for a lookup only). */
final class ReportFixtures {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private ReportFixtures() {}

    static Path write(Path dir, String job, String... calls) throws IOException {
        List<Event> log = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (String c : calls) {
            String step = c.split("\\|")[0];
            if (!steps.contains(step)) {
                steps.add(step);
                log.add(new StepEvent(T, "step-" + steps.size(), step, StepEvent.Phase.STARTED, null));
            }
        }
        int pid = 100;
        for (String c : calls) {
            String[] p = c.split("\\|");
            String id = "step-" + (steps.indexOf(p[0]) + 1);
            ProcessInfo curl = new ProcessInfo(pid++, 99, "curl", "/usr/bin/curl", List.of("curl", p[1]),
                    List.of(new ProcessRef(99, "bash", "/usr/bin/bash")));
            log.add(p[2].equals("dns")
                    ? new DnsEvent(T, id, Verdict.AUDITED, p[1], "A", "udp", "NOERROR", List.of(), curl, null)
                    : new ConnectionEvent(T, id, Verdict.AUDITED, p[1], "198.18.1.1", Integer.parseInt(p[2]), "tcp",
                            "output", curl, null));
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("report.json");
        ReportJson.write(ReportBuilder.build(log, job), file);
        return file;
    }
}
