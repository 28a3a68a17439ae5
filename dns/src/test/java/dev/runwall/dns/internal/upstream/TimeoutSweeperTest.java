package dev.runwall.dns.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutSweeperTest {
    private static final long TIMEOUT = Duration.ofMillis(30).toNanos();

    @Test
    void anExchangeWithoutAnswerFailsWithATimeoutAndAnAnsweredOneIsLeftAlone() throws Exception {
        try (TimeoutSweeper sweeper = new TimeoutSweeper(TIMEOUT, "test-sweeper")) {
            CompletableFuture<String> silent = new CompletableFuture<>();
            CompletableFuture<String> answered = new CompletableFuture<>();
            sweeper.watch(silent);
            sweeper.watch(answered);
            answered.complete("answer");

            assertThatThrownBy(() -> silent.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            Thread.sleep(Duration.ofNanos(TIMEOUT * 3));
            assertThat(answered.get()).isEqualTo("answer");
        }
    }

    @Test
    void anExchangeAfterTheSweeperWentToSleepIsStillTimedOut() throws Exception {
        try (TimeoutSweeper sweeper = new TimeoutSweeper(TIMEOUT, "test-sweeper")) {
            // longer than the idle ticks after which the thread waits to be woken
            Thread.sleep(Duration.ofNanos(TimeoutSweeper.TICK_NANOS * (TimeoutSweeper.IDLE_TICKS + 100)));
            CompletableFuture<String> silent = new CompletableFuture<>();
            sweeper.watch(silent);

            assertThatThrownBy(() -> silent.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void timeoutsFireInTheOrderTheExchangesWereSent() throws Exception {
        try (TimeoutSweeper sweeper = new TimeoutSweeper(TIMEOUT, "test-sweeper")) {
            CompletableFuture<String> first = new CompletableFuture<>();
            sweeper.watch(first);
            Thread.sleep(Duration.ofNanos(TIMEOUT / 2));
            CompletableFuture<String> second = new CompletableFuture<>();
            sweeper.watch(second);

            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
            assertThat(second.isDone()).as("the later exchange still has time when the first times out").isFalse();
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        }
    }
}
