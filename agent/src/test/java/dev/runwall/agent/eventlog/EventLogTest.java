package dev.runwall.agent.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.StepEvent;
import dev.runwall.core.event.Verdict;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    @TempDir Path tmp;

    private static DnsEvent dns(int i) {
        return new DnsEvent(Instant.EPOCH.plusMillis(i), "step-1", Verdict.AUDITED, "n" + i + ".example", "A", "udp",
                "NOERROR", List.of(), null, null);
    }

    private static dev.runwall.core.event.ProcessInfo process(String arg, String sha) {
        return new dev.runwall.core.event.ProcessInfo(42, 7, "curl", "/usr/bin/curl",
                new java.util.ArrayList<>(List.of("curl", arg)),
                List.of(new dev.runwall.core.event.ProcessRef(7, "bash \"quoted\" \u00e9", "/usr/bin/bash")), sha, 1001,
                null);
    }

    private static DnsEvent asked(String name, dev.runwall.core.event.ProcessInfo p) {
        return new DnsEvent(Instant.EPOCH, "s", Verdict.AUDITED, name, "A", "udp", "NOERROR", List.of(), p, null);
    }

    @Test
    void aProcessIsWrittenInFullOnceWithAKeyThenByReferenceAndReadBackWhole() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        List<Event> events = List.of(
                asked("a.example", process("https://a.example", null)),
                asked("a.example", process("https://a.example", null)), // equal, not the same object
                asked("a.example", process("https://a.example", "ab12")), // the hash arrived meanwhile
                asked("b.example", process("https://b.example", "ab12")),
                asked("c.example", null),
                asked("d.example", process("https://a.example", "ab12")));
        try (EventLog log = EventLog.open(file)) {
            events.forEach(log::append);
        }
        List<String> lines = Files.readAllLines(file);
        var plain = dev.runwall.core.json.JsonCodec.mapper().writerFor(Event.class);
        assertThat(lines).hasSize(events.size());
        String full = plain.writeValueAsString(events.get(0));
        assertThat(lines.get(0)).as("the first appearance: in full, with its key in front")
                .isEqualTo(full.replace("\"process\":{\"pid\"", "\"process\":{\"key\":1,\"pid\""));
        assertThat(lines.get(1)).as("an equal process again: its key and identity only")
                .isEqualTo(full.replaceAll("\"process\":\\{.*?\\},\"reason\"",
                        "\"process\":{\"key\":1,\"pid\":42,\"name\":\"curl\",\"exe\":\"/usr/bin/curl\"},\"reason\""));
        assertThat(lines.get(2)).contains("\"key\":2,", "\"exeSha256\":\"ab12\"");
        assertThat(lines.get(3)).contains("\"key\":3,", "https://b.example");
        assertThat(lines.get(4)).isEqualTo(plain.writeValueAsString(events.get(4)));
        assertThat(lines.get(5)).contains("\"process\":{\"key\":2,\"pid\":42,").doesNotContain("cmdline");
        assertThat(lines.get(5).length()).isLessThan(lines.get(2).length() - 100);
        assertThat(EventLogReader.read(file).events()).containsExactlyElementsOf(events);
    }

    @Test
    void aLaterWriterAppendingToTheSameLogReusesKeysAndTheReaderFollowsTheLatestFullObject() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        List<Event> first = List.of(asked("a.example", process("one", null)), asked("a.example", process("one", null)));
        List<Event> second = List.of(asked("b.example", process("two", null)), asked("b.example", process("two", null)));
        for (List<Event> run : List.of(first, second)) {
            try (EventLog log = EventLog.open(file)) {
                run.forEach(log::append);
            }
        }
        assertThat(Files.readAllLines(file)).filteredOn(l -> l.contains("\"key\":1,\"pid\":42,\"ppid\"")).hasSize(2);
        List<Event> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        assertThat(EventLogReader.read(file).events()).containsExactlyElementsOf(all);
    }

    @Test
    void aReferenceWithoutItsFullObjectKeepsWhatItSays() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        Files.writeString(file, """
                {"kind":"dns","time":"1970-01-01T00:00:00Z","verdict":"audited","domain":"a.example","process":{"key":9,"pid":42,"name":"curl","exe":"/usr/bin/curl"}}
                {"kind":"dns","time":"1970-01-01T00:00:00Z","verdict":"audited","domain":"a.example","process":{"key":1,"pid":42,"ppid":7,"name":"curl","exe":"/usr/bin/curl","cmdline":["curl"]}}
                {"kind":"dns","time":"1970-01-01T00:00:00Z","verdict":"audited","domain":"a.example","process":{"key":1,"pid":43,"name":"wget","exe":"/usr/bin/wget"}}
                """);
        List<Event> read = EventLogReader.read(file).events();
        assertThat(read).extracting(e -> ((DnsEvent) e).process())
                .extracting(p -> p.pid() + " " + p.name() + " " + p.cmdline())
                .containsExactly("42 curl []", "42 curl [curl]", "43 wget []");
    }

    @Test
    void everyLineIsWrittenOnceByFlushAlsoUnderConcurrency() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        int threads = 16;
        int perThread = 2_000;
        try (EventLog log = EventLog.open(file); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        log.append(dns(base + i));
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // no close() yet: what was appended before flush() must be in the file when it returns
            log.flush();
            EventLogReader.Result read = EventLogReader.read(file);
            assertThat(read.badLines()).isZero();
            assertThat(read.events()).hasSize(threads * perThread);
            Set<String> names = new HashSet<>();
            for (Event e : read.events()) {
                names.add(((DnsEvent) e).domain());
            }
            assertThat(names).hasSize(threads * perThread);
            assertThat(log.appended()).isEqualTo(threads * perThread);
        }
    }

    @Test
    void linesKeepTheOrderOfTheAppends() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        int count = 20_000;
        try (EventLog log = EventLog.open(file)) {
            for (int i = 0; i < count; i++) {
                log.append(dns(i));
            }
        }
        List<Event> events = EventLogReader.read(file).events();
        assertThat(events).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(((DnsEvent) events.get(i)).domain()).isEqualTo("n" + i + ".example");
        }
    }

    @Test
    void anAppendAfterCloseIsAnErrorNotASilentLoss() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        EventLog log = EventLog.open(file);
        log.append(dns(1));
        log.close();
        assertThatThrownBy(() -> log.append(dns(2))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString()).hasRootCauseMessage("the event log is closed");
        assertThat(EventLogReader.read(file).events()).hasSize(1);
    }

    @Test
    void aFloodLargerThanTheQueueWaitsInsteadOfDropping() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        int count = EventLog.MAX_QUEUED * 3;
        try (EventLog log = EventLog.open(file)) {
            for (int i = 0; i < count; i++) {
                log.append(dns(i));
            }
            log.flush();
            assertThat(EventLogReader.read(file).events()).hasSize(count);
        }
    }

    @Test
    void appendsToAnExistingLogAndReadsBackEveryKind() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        try (EventLog log = EventLog.open(file)) {
            log.append(new StepEvent(Instant.EPOCH, "step-1", "Build", StepEvent.Phase.STARTED, null));
        }
        try (EventLog log = EventLog.open(file)) {
            log.append(dns(7));
        }
        assertThat(EventLogReader.read(file).events()).hasSize(2).first().isInstanceOf(StepEvent.class);
    }

    /** A log that one agent wrote one event to. */
    private Path logWithOneEvent() throws java.io.IOException {
        Path file = tmp.resolve("events.jsonl");
        try (EventLog log = EventLog.open(file)) {
            log.append(dns(1));
        }
        return file;
    }

    @Test
    void aLineCutByACrashIsCountedNotFatal() throws Exception {
        Path file = logWithOneEvent();
        Files.writeString(file, "{\"kind\":\"dns\",\"time\":\"1970-01-01T00:00:00Z\",\"step\":", java.nio.file.StandardOpenOption.APPEND);
        EventLogReader.Result read = EventLogReader.read(file);
        assertThat(read.events()).hasSize(1);
        assertThat(read.badLines()).isEqualTo(1);
    }

    /** A log from an artifact could be forged: an event without the shape our agent writes is a bad line too. */
    @Test
    void anEventWithoutTheShapeTheAgentWritesIsCountedNotUsed() throws Exception {
        Path file = logWithOneEvent();
        Files.writeString(file, """
                {"kind":"connection","time":"1970-01-01T00:00:01Z","verdict":"audited","ip":"x","port":443,"protocol":"tcp"}
                {"kind":"dns","time":"1970-01-01T00:00:02Z","domain":"a.example"}
                {"kind":"step","time":"1970-01-01T00:00:03Z","phase":"started"}
                """, java.nio.file.StandardOpenOption.APPEND);
        EventLogReader.Result read = EventLogReader.read(file);
        assertThat(read.events()).hasSize(1);
        assertThat(read.badLines()).isEqualTo(3);
    }

    /** A write cut inside a character (a killed agent) costs that line, not the log; the next agent ends the line first. */
    @Test
    void aLineCutInsideACharacterCostsOnlyItselfAlsoWhenAnotherAgentAppends() throws Exception {
        Path file = logWithOneEvent();
        byte[] cut = "{\"kind\":\"dns\",\"time\":\"1970-01-01T00:00:00Z\",\"domain\":\"\u00e9".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, java.util.Arrays.copyOf(cut, cut.length - 1), java.nio.file.StandardOpenOption.APPEND);
        try (EventLog log = EventLog.open(file)) {
            log.append(dns(2));
        }
        EventLogReader.Result read = EventLogReader.read(file);
        assertThat(read.events()).hasSize(2);
        assertThat(read.badLines()).isEqualTo(1);
    }

    @Test
    void aProcessIsWrittenInFullAgainAfterTheWritersTableWasEmptied() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i <= 4096; i++) { // one more distinct process than the table keeps
            events.add(asked("a.example", process("https://" + i + ".example", null)));
        }
        events.add(asked("a.example", process("https://0.example", null)));
        try (EventLog log = EventLog.open(file)) {
            events.forEach(log::append);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.getLast()).contains("\"key\":4098,\"pid\":42,\"ppid\":7,", "https://0.example");
        assertThat(EventLogReader.read(file).events()).containsExactlyElementsOf(events);
    }
}
