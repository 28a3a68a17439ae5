package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parts that need no root; FlowAttributionIT and the attribution benchmark create real ones. */
class FlowLogNetworkTest {
    @Test
    void addressesComeFromTheSubnetInTheTestRanges() {
        FlowLogNetwork n = new FlowLogNetwork("rwfa-x-r", "rwfa-x-p", 100, 210);
        assertThat(n.runnerV4()).isEqualTo("198.18.210.1");
        assertThat(n.peerV4()).isEqualTo("198.18.210.2");
        assertThat(n.runnerV6()).isEqualTo("fd52:7761:6c6c:210::1");
        assertThat(n.peerV6()).isEqualTo("fd52:7761:6c6c:210::2");
        assertThat(n.runnerPath()).hasToString("/run/netns/rwfa-x-r");
    }

    @Test
    void aSubnetOutsideTheAttributionRangeOrALongPrefixIsRefusedBeforeAnythingIsMade() {
        assertThatThrownBy(() -> FlowLogNetwork.create("rwfa", 199)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subnet 200 to 255");
        assertThatThrownBy(() -> FlowLogNetwork.create("toolong", 200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 5 lower-case letters");
    }
}
