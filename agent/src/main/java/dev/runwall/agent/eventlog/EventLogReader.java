package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.EventShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an event log back. A line that does not parse (e.g. cut short by a crash), or parses into an event
 * without the shape our agent writes ({@link EventShape}: a log from an artifact could be forged), is counted,
 * not fatal.
 */
public final class EventLogReader {
    /** The events read, and how many lines were unreadable. */
    public record Result(List<Event> events, int badLines) {}

    private EventLogReader() {}

    public static Result read(Path path) throws IOException {
        ProcessReferences processes = new ProcessReferences();
        ObjectReader reader = processes.eventReader();
        List<Event> events = new ArrayList<>();
        int bad = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Event e = reader.readValue(line);
                    if (e == null || EventShape.problem(e) != null) {
                        bad++; // not as our agent writes events: a forged or damaged line
                    } else {
                        events.add(e);
                    }
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    bad++;
                }
            }
        }
        return new Result(events, bad);
    }
}
