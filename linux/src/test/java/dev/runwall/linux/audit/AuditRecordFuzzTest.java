package dev.runwall.linux.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.linux.audit.internal.AuditHeader;
import dev.runwall.linux.audit.internal.AuditRecordParser;
import dev.runwall.linux.audit.internal.EventAssembler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

class AuditRecordFuzzTest {
    private static final int[] TYPES = {AuditRecord.SYSCALL, AuditRecord.SOCKADDR, AuditRecord.EXECVE,
        AuditRecord.PROCTITLE, AuditRecord.CWD, AuditRecord.PATH, AuditRecord.EOE, 1305};

    /** First byte picks the record type, the rest is the record text: typed record or checked exception. */
    @FuzzTest
    void parseNeverThrowsUnchecked(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int type = TYPES[(input[0] & 0xff) % TYPES.length];
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        try {
            AuditHeader header = AuditHeader.parse(text);
            AuditRecordParser.parse(type, header.body());
        } catch (AuditParseException expected) {
            // counted as a malformed record by the reader
        }
        EventAssembler assembler = new EventAssembler(Duration.ofMillis(1), 2, event -> {
            event.arguments();
            event.proctitle();
        });
        assembler.accept(type, text, 0);
        assembler.accept(AuditRecord.EOE, text, 1);
        assembler.flushAll();
        EventAssembler agentLike = new EventAssembler(Duration.ofMillis(1), 2,
                java.util.Set.of(AuditRecord.SYSCALL, AuditRecord.SOCKADDR, AuditRecord.EXECVE), event -> {
                    event.syscall();
                    event.sockaddr();
                    event.arguments();
                });
        agentLike.accept(type, text, 0);
        agentLike.flushAll();
    }
}
