package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code process} objects of one event log back (the other half of {@link ProcessJsonCache}): a full
 * object with a {@code key} (it has {@code ppid}) is remembered under it, replacing what an earlier writer of
 * the same file wrote under that key; a reference ({@code key}, {@code pid}, {@code name}, {@code exe}) becomes
 * the full object remembered, when its pid, name and exe agree, else what the reference itself says (a line
 * read without the line that defined it, or a forged one). An object without a key (a log written before keys) is read as it is.
 * One instance per log read, on one thread.
 */
final class ProcessReferences extends StdDeserializer<ProcessInfo> {
    private final ObjectReader plain = JsonCodec.mapper().readerFor(ProcessInfo.class);
    private final Map<Integer, ProcessInfo> byKey = new HashMap<>();

    ProcessReferences() {
        super(ProcessInfo.class);
    }

    /** A reader of events whose process objects go through this instance. */
    ObjectReader eventReader() {
        SimpleModule module = new SimpleModule("runwall-process-references");
        module.addDeserializer(ProcessInfo.class, this);
        ObjectMapper mapper = JsonCodec.mapper().copy().registerModule(module);
        return mapper.readerFor(Event.class);
    }

    @Override
    public ProcessInfo deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.readValueAsTree();
        if (!(node instanceof ObjectNode object)) {
            return (ProcessInfo) ctxt.handleUnexpectedToken(ProcessInfo.class, p);
        }
        JsonNode key = object.remove("key");
        ProcessInfo read = plain.treeToValue(object, ProcessInfo.class);
        if (key == null || !key.canConvertToInt()) {
            return read;
        }
        if (object.has("ppid")) { // the full object
            byKey.put(key.asInt(), read);
            return read;
        }
        ProcessInfo known = byKey.get(key.asInt());
        if (known != null && known.ref().equals(read.ref())) {
            return known;
        }
        return read;
    }
}
