package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Container namespaces behind the runner's bridge reach the internet through the runner, like Docker. */
class SandboxContainerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static Sandbox sandbox;

    @BeforeAll
    static void up() {
        SandboxTestKit.requirePrograms("curl", "socat");
        sandbox = SandboxTestKit.up("ct", Zone.builder()
                .host(Host.named("api.example.test").withIpv4("198.18.1.10").withIpv6("fd52:7761:6c6c::10")
                        .withTcp(80).withUdp(9999))
                .build());
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            sandbox.down();
        }
    }

    @Test
    void aContainerReachesAnInternetHostThroughTheRunnersBridgeMasqueraded() {
        SandboxContainer container = sandbox.addContainer("1");
        try {
            assertThat(container.namespace()).isEqualTo("rw-" + sandbox.name() + "-c1");
            assertThat(container.ipv4().getHostAddress()).isEqualTo("198.19.0.2");
            String v4 = container.exec(TIMEOUT, "curl", "-sS", "-D-", "--max-time", "5", "http://198.18.1.10/")
                    .requireSuccess().stdout();
            assertThat(v4).contains("X-Runwall-Client: 198.18.0.2").endsWith("api.example.test\n");
            String v6 = container.exec(TIMEOUT, "curl", "-sS", "-D-", "-g", "--max-time", "5", "http://[fd52:7761:6c6c::10]/")
                    .requireSuccess().stdout();
            assertThat(v6).contains("X-Runwall-Client: fd52:7761:6c6c:ffff::2").endsWith("api.example.test\n");
            assertThat(container.exec(TIMEOUT, "sh", "-c", "printf c | socat -T2 - UDP:198.18.1.10:9999")
                    .requireSuccess().stdout()).isEqualTo("c");
        } finally {
            container.remove();
        }
    }

    @Test
    void aContainersRouteAndResolverAreTheBridgeGateway() {
        SandboxContainer container = sandbox.addContainer("2");
        try {
            assertThat(container.exec(TIMEOUT, "ip", "route", "show", "default").requireSuccess().stdout())
                    .contains("default via 198.19.0.1");
            assertThat(container.exec(TIMEOUT, "ip", "-6", "route", "show", "default").requireSuccess().stdout())
                    .contains("default via fd52:7761:6c6c:fffe::1");
            assertThat(container.exec(TIMEOUT, "cat", "/etc/resolv.conf").requireSuccess().stdout())
                    .contains("nameserver 198.19.0.1");
            // the runner side is Docker-like: a bridge with the gateway, forwarding, the sandbox's own nat table
            assertThat(sandbox.exec(TIMEOUT, "ip", "-br", "addr", "show", "rwbr0").requireSuccess().stdout())
                    .contains("198.19.0.1/24", "fd52:7761:6c6c:fffe::1/64");
            assertThat(sandbox.exec(TIMEOUT, "nft", "list", "tables").requireSuccess().stdout())
                    .contains("table inet sandbox_nat");
            assertThat(sandbox.containers()).extracting(SandboxContainer::id).contains("2");
        } finally {
            container.remove();
        }
        assertThat(sandbox.containers()).extracting(SandboxContainer::id).doesNotContain("2");
    }

    @Test
    void theBridgeKeepsItsOwnMacAddressWhileContainersComeAndGo() {
        SandboxContainer first = sandbox.addContainer("4");
        SandboxContainer second;
        try {
            second = sandbox.addContainer("5");
        } finally {
            first.remove(); // its namespace goes asynchronously, as a removed container's does
        }
        try {
            // an inherited address would be a port's, and would change when that port leaves
            assertThat(sandbox.exec(TIMEOUT, "ip", "-br", "link", "show", "rwbr0").requireSuccess().stdout())
                    .contains("02:72:77:00:00:01");
            String v4 = second.exec(TIMEOUT, "curl", "-sS", "--max-time", "5", "http://198.18.1.10/")
                    .requireSuccess().stdout();
            assertThat(v4).isEqualTo("api.example.test\n");
        } finally {
            second.remove();
        }
    }

    @Test
    void containerIdsAreCheckedAndUnique() {
        assertThatThrownBy(() -> sandbox.addContainer("Bad-Id"))
                .isInstanceOf(SandboxException.class).hasMessageContaining("invalid container id 'Bad-Id'");
        SandboxContainer container = sandbox.addContainer("3");
        try {
            assertThatThrownBy(() -> sandbox.addContainer("3"))
                    .isInstanceOf(SandboxException.class).hasMessageContaining("already has a container '3'");
        } finally {
            container.remove();
        }
    }
}
