package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.EventShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
        int[] bad = {0};
        // lines are split as bytes and each decoded as strict UTF-8 on its own: a write cut short inside a
        // character (a killed agent) costs that line, never the whole log
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(path)) {
            forEachLine(in, (bytes, from, to) -> {
                if (blank(bytes, from, to)) {
                    return;
                }
                try {
                    Event e = reader.readValue(utf8.decode(ByteBuffer.wrap(bytes, from, to - from)).toString());
                    if (e == null || EventShape.problem(e) != null) {
                        bad[0]++; // not as our agent writes events: a forged or damaged line
                    } else {
                        events.add(e);
                    }
                } catch (com.fasterxml.jackson.core.JacksonException | CharacterCodingException e) {
                    bad[0]++;
                }
            });
        }
        return new Result(events, bad[0]);
    }

    private interface LineConsumer {
        void accept(byte[] bytes, int from, int to) throws IOException;
    }

    /** Hands every line of {@code in} (without its newline; the last one also without) to {@code consumer}. */
    private static void forEachLine(InputStream in, LineConsumer consumer) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int filled = 0;
        while (true) {
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                if (filled > 0) {
                    consumer.accept(buf, 0, filled);
                }
                return;
            }
            int scanFrom = filled;
            filled += n;
            int start = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buf[i] == '\n') {
                    consumer.accept(buf, start, i);
                    start = i + 1;
                }
            }
            System.arraycopy(buf, start, buf, 0, filled - start);
            filled -= start;
            if (filled == buf.length) { // a line longer than the buffer: grow it
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
        }
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
