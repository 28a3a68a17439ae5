package dev.runwall.linux.nflog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LossCounterTest {
    @Test
    void consecutiveSequenceNumbersLoseNothing() {
        LossCounter counter = new LossCounter();
        for (long s = 0; s < 5; s++) {
            counter.delivered(OptionalLong.of(s));
        }
        assertThat(counter.lost()).isZero();
    }

    @Test
    void gapsCountTheMissingMessages() {
        LossCounter counter = new LossCounter();
        counter.delivered(OptionalLong.of(3));
        counter.delivered(OptionalLong.of(7));
        counter.delivered(OptionalLong.of(8));
        counter.delivered(OptionalLong.of(10));
        assertThat(counter.lost()).isEqualTo(4);
    }

    @Test
    void overrunCountsOneUntilTheNextSequenceNumberTellsTheTruth() {
        LossCounter counter = new LossCounter();
        counter.delivered(OptionalLong.of(1));
        counter.overrun();
        assertThat(counter.lost()).isEqualTo(1);
        counter.delivered(OptionalLong.of(12));
        assertThat(counter.lost()).isEqualTo(10);
    }

    @Test
    void counterWrapsAt32Bits() {
        LossCounter counter = new LossCounter();
        counter.delivered(OptionalLong.of(0xffff_fffeL));
        counter.delivered(OptionalLong.of(0xffff_ffffL));
        counter.delivered(OptionalLong.of(1));
        assertThat(counter.lost()).isEqualTo(1);
    }

    @Test
    void reorderedOrRepeatedNumbersAreNotLoss() {
        LossCounter counter = new LossCounter();
        counter.delivered(OptionalLong.of(5));
        counter.delivered(OptionalLong.of(5));
        counter.delivered(OptionalLong.of(6));
        assertThat(counter.lost()).isZero();
    }

    @Test
    void packetsWithoutSequenceNumbersAreIgnored() {
        LossCounter counter = new LossCounter();
        counter.delivered(OptionalLong.empty());
        counter.delivered(OptionalLong.of(4));
        counter.delivered(OptionalLong.empty());
        counter.delivered(OptionalLong.of(5));
        assertThat(counter.lost()).isZero();
    }
}
