package dev.runwall.linux.audit;

import dev.runwall.linux.audit.internal.EventAssembler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replays {@code recorded-events.txt}: records a 6.18 kernel multicast for connect, sendto,
 * sendmsg and execve of test commands (one "TYPE TEXT" line per record).
 */
final class RecordedEvents {
    private RecordedEvents() {}

    static Map<Long, AuditEvent> load() throws IOException {
        Map<Long, AuditEvent> events = new LinkedHashMap<>();
        EventAssembler assembler = new EventAssembler(Duration.ofDays(1), 1000, e -> events.put(e.serial(), e));
        try (InputStream in = RecordedEvents.class.getResourceAsStream("/dev/runwall/linux/audit/recorded-events.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int space = line.indexOf(' ');
                assembler.accept(Integer.parseInt(line.substring(0, space)), line.substring(space + 1), 0);
            }
        }
        assembler.flushAll();
        if (assembler.malformedRecords() != 0) {
            throw new AssertionError(assembler.malformedRecords() + " recorded records did not parse");
        }
        return events;
    }
}
