package dev.runwall.core.report;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.ProcessInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, per step, the processes that called out after their step ended. The step of an event is causal
 * (the process was started inside the step); only the "after it ended" comes from the clock.
 */
final class BackgroundCalls {
    private static final class Calls {
        final ProcessInfo process;
        final Instant first;
        final Set<String> endpoints = new LinkedHashSet<>();

        Calls(ProcessInfo process, Instant first) {
            this.process = process;
            this.first = first;
        }
    }

    private BackgroundCalls() {}

    static List<StepInfo> attach(List<StepInfo> steps, List<Event> traffic) {
        Map<String, Instant> endOf = new LinkedHashMap<>();
        for (StepInfo s : steps) {
            if (s.endedAt() != null) {
                endOf.put(s.id(), s.endedAt());
            }
        }
        Map<String, Map<Integer, Calls>> byStep = new LinkedHashMap<>();
        for (Event e : traffic) {
            String step;
            ProcessInfo process;
            String endpoint;
            switch (e) {
                case DnsEvent d -> {
                    step = d.step();
                    process = d.process();
                    endpoint = d.domain();
                }
                case ConnectionEvent c -> {
                    step = c.step();
                    process = c.process();
                    String host = c.domain() != null ? c.domain() : c.ip().contains(":") ? "[" + c.ip() + "]" : c.ip();
                    endpoint = c.port() > 0 ? host + ":" + c.port() : host;
                }
                default -> {
                    continue;
                }
            }
            Instant end = step == null ? null : endOf.get(step);
            if (end == null || process == null || !e.time().isAfter(end)) {
                continue;
            }
            byStep.computeIfAbsent(step, k -> new LinkedHashMap<>())
                    .computeIfAbsent(process.pid(), k -> new Calls(process, e.time())).endpoints.add(endpoint);
        }
        List<StepInfo> out = new ArrayList<>(steps.size());
        for (StepInfo s : steps) {
            Map<Integer, Calls> calls = byStep.get(s.id());
            if (calls == null) {
                out.add(s);
                continue;
            }
            List<BackgroundProcess> bg = new ArrayList<>();
            for (Calls c : calls.values()) {
                bg.add(new BackgroundProcess(c.process.pid(), c.process.name(), c.process.exe(), c.first,
                        List.copyOf(c.endpoints)));
            }
            out.add(s.withBackground(bg));
        }
        return out;
    }
}
