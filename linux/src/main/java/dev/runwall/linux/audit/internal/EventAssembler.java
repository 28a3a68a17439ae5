package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditEvent;
import dev.runwall.linux.audit.AuditParseException;
import dev.runwall.linux.audit.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Groups audit records into events by serial number. An event is delivered when its end-of-event
 * record arrives, or, incomplete, once {@code timeout} has passed since its first record, or when
 * more than {@code maxPending} events are open (the oldest goes first). Not thread-safe: fed by
 * the one reading thread.
 */
public final class EventAssembler {
    private final Duration timeout;
    private final int maxPending;
    private final Consumer<AuditEvent> sink;
    private final Set<Integer> parsedTypes;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private long malformed;
    private long incomplete;
    private long delivered;

    private static final class Pending {
        final Instant time;
        final long firstSeenNanos;
        final List<AuditRecord> records = new ArrayList<>();

        Pending(Instant time, long firstSeenNanos) {
            this.time = time;
            this.firstSeenNanos = firstSeenNanos;
        }
    }

    public EventAssembler(Duration timeout, int maxPending, Consumer<AuditEvent> sink) {
        this(timeout, maxPending, Set.of(), sink);
    }

    /** @param parsedTypes record types to parse (the rest are kept as {@link AuditRecord.Other}); empty: all */
    public EventAssembler(Duration timeout, int maxPending, Set<Integer> parsedTypes, Consumer<AuditEvent> sink) {
        this.timeout = timeout;
        this.maxPending = maxPending;
        this.parsedTypes = Set.copyOf(parsedTypes);
        this.sink = sink;
    }

    /**
     * Adds one record (message type and its text) seen at {@code nowNanos}. A record whose header
     * does not parse is dropped and counted; one whose body does not parse is kept as
     * {@link AuditRecord.Other} and counted; one of a type not to be parsed is kept as
     * {@link AuditRecord.Other} unchecked.
     */
    public void accept(int type, String text, long nowNanos) {
        AuditHeader header;
        try {
            header = AuditHeader.parse(text);
        } catch (AuditParseException e) {
            malformed++;
            return;
        }
        if (type == AuditRecord.EOE) {
            Pending done = pending.remove(header.serial());
            if (done != null) {
                deliver(header.serial(), done, true);
            }
            return;
        }
        AuditRecord record;
        if (!parsedTypes.isEmpty() && !parsedTypes.contains(type)) {
            record = new AuditRecord.Other(type, header.body());
        } else {
            try {
                record = AuditRecordParser.parse(type, header.body());
            } catch (AuditParseException e) {
                malformed++;
                record = new AuditRecord.Other(type, header.body());
            }
        }
        pending.computeIfAbsent(header.serial(), s -> new Pending(header.time(), nowNanos)).records.add(record);
        while (pending.size() > maxPending) {
            Iterator<Map.Entry<Long, Pending>> oldest = pending.entrySet().iterator();
            Map.Entry<Long, Pending> entry = oldest.next();
            oldest.remove();
            deliver(entry.getKey(), entry.getValue(), false);
        }
        flushExpired(nowNanos);
    }

    /** Delivers, as incomplete, every open event older than the timeout. */
    public void flushExpired(long nowNanos) {
        Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Pending> entry = it.next();
            if (nowNanos - entry.getValue().firstSeenNanos < timeout.toNanos()) {
                return; // insertion order: the rest are younger
            }
            it.remove();
            deliver(entry.getKey(), entry.getValue(), false);
        }
    }

    /** Delivers every open event (at shutdown). */
    public void flushAll() {
        for (Map.Entry<Long, Pending> entry : new ArrayList<>(pending.entrySet())) {
            pending.remove(entry.getKey());
            deliver(entry.getKey(), entry.getValue(), false);
        }
    }

    private void deliver(long serial, Pending event, boolean complete) {
        if (!complete) {
            incomplete++;
        }
        delivered++;
        sink.accept(new AuditEvent(serial, event.time, event.records, complete));
    }

    public long malformedRecords() {
        return malformed;
    }

    public long incompleteEvents() {
        return incomplete;
    }

    public long deliveredEvents() {
        return delivered;
    }
}
