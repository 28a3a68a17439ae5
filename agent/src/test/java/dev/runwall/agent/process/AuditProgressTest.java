package dev.runwall.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuditProgressTest {
    @Test
    void aWaitForAMomentNotReadYetHurriesTheReaderOnceAndEndsWhenTheStreamGetsThere() {
        AuditProgress progress = new AuditProgress();
        Instant asked = Instant.now();
        AtomicInteger hurried = new AtomicInteger();
        // the reader, hurried, takes what was queued at once: here the record of the moment asked about
        progress.hurryWith(() -> {
            hurried.incrementAndGet();
            progress.observed(asked.plusMillis(1));
        });

        assertThat(progress.await(asked, Duration.ofSeconds(10))).isTrue();
        assertThat(hurried).hasValue(1);
    }

    @Test
    void aWaitForAMomentAlreadyReadNeitherHurriesNorWaits() {
        AuditProgress progress = new AuditProgress();
        Instant asked = Instant.now();
        progress.observed(asked.plusMillis(5));
        AtomicInteger hurried = new AtomicInteger();
        progress.hurryWith(hurried::incrementAndGet);

        assertThat(progress.await(asked, Duration.ZERO)).isTrue();
        assertThat(hurried).hasValue(0);
    }
}
