package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DNS faults of a zone, as a DNS client in the runner sees them. */
class SandboxDnsFaultIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static Sandbox sandbox;

    @BeforeAll
    static void up() {
        SandboxTestKit.requirePrograms("dig");
        sandbox = SandboxTestKit.up("fault", Zone.builder()
                .host(Host.named("slow.example.test").withIpv4("198.18.1.10"))
                .host(Host.named("tc.example.test").withIpv4("198.18.1.11"))
                .fault(DnsFault.delayed("slow.example.test", Duration.ofMillis(1200)))
                .fault("dead.example.test", DnsFault.Kind.DROP)
                .fault("sf.example.test", DnsFault.Kind.SERVFAIL)
                .fault("tc.example.test", DnsFault.Kind.TRUNCATE)
                .build());
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            sandbox.down();
        }
    }

    @Test
    void aDroppedNameTimesOutOverUdpAndTcpAndIsLogged() {
        ExecResult udp = sandbox.exec(TIMEOUT, "dig", "+tries=1", "+time=1", "dead.example.test");
        ExecResult tcp = sandbox.exec(TIMEOUT, "dig", "+tcp", "+tries=1", "+time=1", "dead.example.test");

        assertThat(udp.exitCode()).as(udp.describe()).isEqualTo(9); // dig: no reply from server
        assertThat(tcp.exitCode()).as(tcp.describe()).isNotZero();
        assertThat(sandbox.queryLog().queriesFor("dead.example.test")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(q -> assertThat(q.rcode()).isEqualTo("DROPPED"));
    }

    @Test
    void aDelayedNameAnswersLate() {
        long start = System.nanoTime();
        ExecResult dig = sandbox.exec(TIMEOUT, "dig", "+short", "+tries=1", "+time=5", "slow.example.test");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(dig.requireSuccess().stdout().strip()).isEqualTo("198.18.1.10");
        assertThat(millis).isGreaterThanOrEqualTo(1200);
        // the port keeps serving while a delayed answer waits
        assertThat(sandbox.exec(TIMEOUT, "dig", "+short", "tc.example.test").requireSuccess().stdout().strip())
                .isEqualTo("198.18.1.11");
    }

    @Test
    void servfailAndForcedTruncation() {
        assertThat(sandbox.exec(TIMEOUT, "dig", "+tries=1", "sf.example.test").requireSuccess().stdout())
                .contains("status: SERVFAIL");
        assertThat(sandbox.exec(TIMEOUT, "dig", "+tries=1", "tc.example.test").requireSuccess().stdout())
                .contains("Truncated, retrying in TCP mode", "198.18.1.11");
    }
}
