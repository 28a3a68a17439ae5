package dev.runwall.agent.eventlog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.ProcessRef;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ProcessInfo} into the event log once in full and afterwards as a short reference. One process
 * asks many DNS questions and makes many connections, and its object (command line, parent chain) was most of
 * each event's bytes, which the kernel then copied into the page cache: with an attributed process a DNS event
 * took 712 bytes instead of 267, and the log writer's time grew with them.
 *
 * <p>The first time a distinct process (records compare by value) appears in this log, its object is written
 * as the plain mapper writes it with a {@code key} in front: {@code {"key":17,"pid":…,"ppid":…,…}}. Every later
 * appearance is {@code {"key":17,"pid":…,"name":…,"exe":…}}: the key and the process's identity, so that a line
 * read alone (grep, jq) still names its process. {@link EventLogReader} puts the full object back. A full object
 * always has {@code ppid}, a reference never.
 *
 * <p>Keys count up from 1 for each log writer and are never reused by it: a process written again after the
 * table was emptied gets a new key and its full object again. A later agent appending to the same file starts
 * again at 1, but writes each full object before its first reference, so a reader that lets a later full object
 * replace an earlier one with the same key resolves correctly when agents append one after another (two writing
 * the same file at once is not a supported setup; the reader then still checks that a reference's pid, name and
 * exe agree with the object it takes). A key is remembered ({@link #commit}) only once the line that carries
 * the full object is complete, so a line left out cannot leave references to nothing. Used by the log's one
 * writer thread only.
 */
final class ProcessJsonCache extends StdSerializer<ProcessInfo> {
    private static final int MAX_ENTRIES = 4096;
    private final ObjectWriter plain = JsonCodec.mapper().writerFor(ProcessInfo.class);
    private final ObjectWriter identity = JsonCodec.mapper().writerFor(ProcessRef.class);
    private final Map<ProcessInfo, SerializedString> references = new HashMap<>();
    /** Full objects written in the line being serialised: remembered at {@link #commit}, forgotten at {@link #rollback}. */
    private final List<Map.Entry<ProcessInfo, SerializedString>> uncommitted = new ArrayList<>(2);
    private int nextKey = 1;
    /** The process written last and its reference, checked first by identity (no hashing of the whole process). */
    private ProcessInfo lastProcess;
    private SerializedString lastReference;

    ProcessJsonCache() {
        super(ProcessInfo.class);
    }

    /** The event log's writer for {@code type}: the shared mapper's configuration, with this cache. */
    ObjectWriter writerFor(Class<?> type) {
        SimpleModule module = new SimpleModule("runwall-process-json-cache");
        module.addSerializer(ProcessInfo.class, this);
        return JsonCodec.mapper().copy().registerModule(module).writerFor(type);
    }

    @Override
    public void serialize(ProcessInfo value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value == lastProcess) { // the same object again: one resolver's many questions
            gen.writeRawValue(lastReference);
            return;
        }
        SerializedString reference = references.get(value);
        if (reference == null) {
            reference = pendingReference(value);
        }
        if (reference != null) {
            lastProcess = value;
            lastReference = reference;
            gen.writeRawValue(reference);
            return;
        }
        int key = nextKey++;
        String full = plain.writeValueAsString(value); // {"pid":…}: never empty, a record always has its pid
        gen.writeRawValue("{\"key\":" + key + "," + full.substring(1));
        String id = identity.writeValueAsString(value.ref());
        uncommitted.add(Map.entry(value, new SerializedString("{\"key\":" + key + "," + id.substring(1))));
    }

    /** A process written in full earlier in the same line (a second mention within one event). */
    private SerializedString pendingReference(ProcessInfo value) {
        for (Map.Entry<ProcessInfo, SerializedString> e : uncommitted) {
            if (e.getKey().equals(value)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The line being serialised is complete: its full objects may be referred to from now on. */
    void commit() {
        for (Map.Entry<ProcessInfo, SerializedString> e : uncommitted) {
            if (references.size() >= MAX_ENTRIES) {
                references.clear();
                lastProcess = null;
            }
            references.put(e.getKey(), e.getValue());
        }
        uncommitted.clear();
    }

    /** The line being serialised was left out: the full objects in it were never written. */
    void rollback() {
        uncommitted.clear();
        lastProcess = null;
    }
}
