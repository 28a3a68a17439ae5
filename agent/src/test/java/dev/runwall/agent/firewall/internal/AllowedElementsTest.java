package dev.runwall.agent.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.firewall.AddressLifetime;
import dev.runwall.core.policy.PortSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AllowedElementsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final AllowedElements elements =
            new AllowedElements("runwall", new AddressLifetime(Duration.ofSeconds(60), Duration.ofDays(1)), now::get);

    private static AllowedElements.TimedAddress a(String ip, long ttl) {
        return new AllowedElements.TimedAddress(InetAddress.ofLiteral(ip), ttl);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void newAddressesAreAddedPerSetWithTheirTimeout() {
        AllowedElements.Plan plan = elements.plan(List.of(a("198.18.1.10", 300), a("fd52:7761:6c6c::10", 5)),
                List.of(PortSpec.of(443), PortSpec.of(80)));
        assertThat(plan.batch()).isEqualTo("""
                add element inet runwall allow4 { 198.18.1.10 . 443 timeout 300s, 198.18.1.10 . 80 timeout 300s }
                add element inet runwall allow6 { fd52:7761:6c6c::10 . 443 timeout 60s, fd52:7761:6c6c::10 . 80 timeout 60s }
                """);
        assertThat(plan.added()).isEqualTo(4);
        assertThat(plan.skipped()).isZero();
    }

    @Test
    void anyPortGoesToTheAddressOnlySets() {
        AllowedElements.Plan plan = elements.plan(List.of(a("198.18.1.10", 60), a("fd52:7761:6c6c::10", 60)),
                List.of(PortSpec.ANY));
        assertThat(plan.batch()).isEqualTo("""
                add element inet runwall allow4any { 198.18.1.10 timeout 60s }
                add element inet runwall allow6any { fd52:7761:6c6c::10 timeout 60s }
                """);
    }

    @Test
    void timeoutIsTheTtlWithinFloorAndCeiling() {
        AddressLifetime lifetime = new AddressLifetime(Duration.ofSeconds(60), Duration.ofDays(1));
        assertThat(lifetime.seconds(0)).isEqualTo(60);
        assertThat(lifetime.seconds(61)).isEqualTo(61);
        assertThat(lifetime.seconds(10_000_000)).isEqualTo(86_400);
        assertThat(new AddressLifetime(Duration.ofMillis(1500), Duration.ofMinutes(1)).seconds(1)).isEqualTo(2);
        assertThat(elements.plan(List.of(a("198.18.1.10", 0)), List.of(PortSpec.of(443))).batch())
                .isEqualTo("add element inet runwall allow4 { 198.18.1.10 . 443 timeout 60s }\n");
    }

    @Test
    void anAddressAlreadyPresentForLongEnoughIsSkipped() {
        elements.applied(elements.plan(List.of(a("198.18.1.10", 300)), List.of(PortSpec.of(443))));
        advance(Duration.ofSeconds(20));
        AllowedElements.Plan again = elements.plan(List.of(a("198.18.1.10", 300)), List.of(PortSpec.of(443)));
        assertThat(again.empty()).isTrue();
        assertThat(again.skipped()).isEqualTo(1);
    }

    @Test
    void anAddressCloseToItsExpiryIsRefreshedWithAddDeleteAdd() {
        elements.applied(elements.plan(List.of(a("198.18.1.10", 300)), List.of(PortSpec.of(443))));
        advance(Duration.ofSeconds(100));
        AllowedElements.Plan again = elements.plan(List.of(a("198.18.1.10", 300), a("198.18.1.11", 300)),
                List.of(PortSpec.of(443)));
        assertThat(again.batch()).isEqualTo("""
                add element inet runwall allow4 { 198.18.1.10 . 443 timeout 1s }
                delete element inet runwall allow4 { 198.18.1.10 . 443 }
                add element inet runwall allow4 { 198.18.1.10 . 443 timeout 300s }
                add element inet runwall allow4 { 198.18.1.11 . 443 timeout 300s }
                """);
        assertThat(again.refreshed()).isEqualTo(1);
        assertThat(again.added()).isEqualTo(1);
    }

    @Test
    void anExpiredAddressIsAddedAgainPlainly() {
        elements.applied(elements.plan(List.of(a("198.18.1.10", 60)), List.of(PortSpec.of(443))));
        advance(Duration.ofSeconds(61));
        assertThat(elements.plan(List.of(a("198.18.1.10", 60)), List.of(PortSpec.of(443))).batch())
                .isEqualTo("add element inet runwall allow4 { 198.18.1.10 . 443 timeout 60s }\n");
    }

    @Test
    void aPlanThatWasNotAppliedIsNotRemembered() {
        elements.plan(List.of(a("198.18.1.10", 60)), List.of(PortSpec.of(443)));
        assertThat(elements.size()).isZero();
        assertThat(elements.plan(List.of(a("198.18.1.10", 60)), List.of(PortSpec.of(443))).added()).isEqualTo(1);
    }

    @Test
    void duplicateAddressesInOneAnswerBecomeOneElement() {
        AllowedElements.Plan plan = elements.plan(List.of(a("198.18.1.10", 60), a("198.18.1.10", 60)),
                List.of(PortSpec.of(443)));
        assertThat(plan.added()).isEqualTo(1);
        assertThat(plan.batch()).containsOnlyOnce("198.18.1.10");
    }
}
