package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@link ProcessInfo} from a cache of its JSON: one process asks many DNS questions and makes many
 * connections, and its object (command line, parent chain) is most of each event's text. The JSON is the
 * one the plain mapper writes, made once per distinct process (records compare by value, so an equal
 * process written again is the same text); the cache forgets everything when it is full.
 */
final class ProcessJsonCache extends StdSerializer<ProcessInfo> {
    private static final int MAX_ENTRIES = 4096;
    private final ObjectWriter plain = JsonCodec.mapper().writerFor(ProcessInfo.class);
    private final Map<ProcessInfo, SerializedString> json = new ConcurrentHashMap<>();
    /** The process written last and its text, checked first by identity (no hashing of the whole process). */
    private volatile Written last;

    private record Written(ProcessInfo process, SerializedString text) {}

    ProcessJsonCache() {
        super(ProcessInfo.class);
    }

    /** The event log's writer for {@code type}: the shared mapper's configuration, with this cache. */
    static ObjectWriter writerFor(Class<?> type) {
        SimpleModule module = new SimpleModule("runwall-process-json-cache");
        module.addSerializer(ProcessInfo.class, new ProcessJsonCache());
        return JsonCodec.mapper().copy().registerModule(module).writerFor(type);
    }

    @Override
    public void serialize(ProcessInfo value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        Written w = last;
        if (w != null && w.process() == value) { // the same object again: one resolver's many questions
            gen.writeRawValue(w.text());
            return;
        }
        SerializedString text = json.get(value);
        if (text == null) {
            text = new SerializedString(plain.writeValueAsString(value)); // keeps its UTF-8 bytes once made
            if (json.size() >= MAX_ENTRIES) {
                json.clear();
            }
            json.put(value, text);
        }
        last = new Written(value, text);
        gen.writeRawValue(text);
    }
}
