package dev.runwall.linux.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.linux.audit.AuditEvent;
import dev.runwall.linux.audit.AuditRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventAssemblerTest {
    private static final long MS = 1_000_000;
    private final List<AuditEvent> events = new ArrayList<>();
    private final EventAssembler assembler = new EventAssembler(Duration.ofMillis(500), 3, events::add);

    private static String cwd(long serial) {
        return "audit(1700000000.000:" + serial + "): cwd=\"/\"";
    }

    @Test
    void recordsOfOneSerialBecomeOneEventAtEoe() {
        assembler.accept(AuditRecord.CWD, cwd(1), 0);
        assembler.accept(AuditRecord.CWD, cwd(2), 0);
        assembler.accept(AuditRecord.CWD, cwd(1), 0);
        assertThat(events).isEmpty();
        assembler.accept(AuditRecord.EOE, "audit(1700000000.000:1): ", 0);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.serial()).isEqualTo(1);
            assertThat(e.records()).hasSize(2);
            assertThat(e.complete()).isTrue();
        });
    }

    @Test
    void anEventWithoutEoeIsDeliveredIncompleteAfterTheTimeout() {
        assembler.accept(1305, "audit(1700000000.000:7): op=add_rule key=\"x\" list=4 res=1", 0);
        assembler.flushExpired(499 * MS);
        assertThat(events).isEmpty();
        assembler.flushExpired(500 * MS);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.complete()).isFalse();
            assertThat(e.records().getFirst()).isInstanceOf(AuditRecord.Other.class);
        });
        assertThat(assembler.incompleteEvents()).isEqualTo(1);
    }

    @Test
    void tooManyOpenEventsEvictTheOldest() {
        for (long serial = 1; serial <= 4; serial++) {
            assembler.accept(AuditRecord.CWD, cwd(serial), 0);
        }
        assertThat(events).extracting(AuditEvent::serial).containsExactly(1L);
        assertThat(events.getFirst().complete()).isFalse();
    }

    @Test
    void eoeForAnUnknownSerialIsIgnored() {
        assembler.accept(AuditRecord.EOE, "audit(1700000000.000:9): ", 0);
        assertThat(events).isEmpty();
        assertThat(assembler.deliveredEvents()).isZero();
    }

    @Test
    void malformedRecordsAreCountedAndBodiesKeptAsText() {
        assembler.accept(AuditRecord.CWD, "garbage", 0);
        assembler.accept(AuditRecord.CWD, "audit(1700000000.000:3): cwd=/unquoted", 0);
        assembler.flushAll();
        assertThat(assembler.malformedRecords()).isEqualTo(2);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.records().getFirst())
                .isEqualTo(new AuditRecord.Other(AuditRecord.CWD, " cwd=/unquoted")));
    }

    @Test
    void recordTypesNotAskedForStayUnparsedTextAndAreNotCountedMalformed() {
        EventAssembler syscallsOnly = new EventAssembler(Duration.ofMillis(500), 3, java.util.Set.of(AuditRecord.SYSCALL),
                events::add);
        syscallsOnly.accept(AuditRecord.CWD, cwd(1), 0);
        syscallsOnly.accept(AuditRecord.PROCTITLE, "audit(1700000000.000:1): proctitle=not-hex!", 0);
        syscallsOnly.accept(AuditRecord.SYSCALL, "audit(1700000000.000:1): arch=c000003e syscall=59 ppid=1 pid=2", 0);
        syscallsOnly.accept(AuditRecord.EOE, "audit(1700000000.000:1): ", 0);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.records()).containsExactly(new AuditRecord.Other(AuditRecord.CWD, " cwd=\"/\""),
                    new AuditRecord.Other(AuditRecord.PROCTITLE, " proctitle=not-hex!"), e.syscall().orElseThrow());
            assertThat(e.syscall()).hasValueSatisfying(s -> assertThat(s.pid()).isEqualTo(2));
            assertThat(e.cwd()).isEmpty();
        });
        assertThat(syscallsOnly.malformedRecords()).isZero();
    }

    @Test
    void withoutATypeListEveryKnownTypeIsParsed() {
        assembler.accept(AuditRecord.CWD, cwd(1), 0);
        assembler.accept(AuditRecord.EOE, "audit(1700000000.000:1): ", 0);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.cwd()).contains("/"));
    }
}
