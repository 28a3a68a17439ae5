package dev.runwall.core.report;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.ProcessInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent hashes each executable once, in the background, so the first call of a new executable may be
 * logged before its hash is ready. Any later event of the same executable carries it; this copies it back.
 */
final class ExecutableHashes {
    private ExecutableHashes() {}

    static List<Event> fill(List<Event> traffic) {
        Map<String, String> byExe = new HashMap<>();
        for (Event e : traffic) {
            ProcessInfo p = processOf(e);
            if (p != null && p.exe() != null && p.exeSha256() != null) {
                byExe.putIfAbsent(p.exe(), p.exeSha256());
            }
        }
        if (byExe.isEmpty()) {
            return traffic;
        }
        List<Event> out = new ArrayList<>(traffic.size());
        for (Event e : traffic) {
            ProcessInfo p = processOf(e);
            String hash = p == null || p.exeSha256() != null || p.exe() == null ? null : byExe.get(p.exe());
            if (hash == null) {
                out.add(e);
                continue;
            }
            ProcessInfo filled = p.withExeSha256(hash);
            out.add(switch (e) {
                case DnsEvent d -> new DnsEvent(d.time(), d.step(), d.verdict(), d.domain(), d.qtype(), d.transport(),
                        d.rcode(), d.answers(), filled, d.reason());
                case ConnectionEvent c -> c.attributed(c.step(), filled, c.unexplained());
                default -> e;
            });
        }
        return out;
    }

    private static ProcessInfo processOf(Event e) {
        return switch (e) {
            case DnsEvent d -> d.process();
            case ConnectionEvent c -> c.process();
            default -> null;
        };
    }
}
