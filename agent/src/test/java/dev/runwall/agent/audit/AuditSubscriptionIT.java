package dev.runwall.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.attribution.ProcessAttribution;
import dev.runwall.agent.process.ProcessNode;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.linux.audit.AuditArch;
import dev.runwall.linux.audit.AuditClient;
import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.audit.AuditRuleField;
import dev.runwall.linux.procfs.ProcFs;
import java.net.InetAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent's audit subscription against the real kernel. Every connect here runs in a fresh network
 * namespace without routes ({@code unshare -n}): the kernel audits the call and no packet is sent.
 */
class AuditSubscriptionIT {

    static void requireRoot() {
        if (ProcFs.system().effectiveUid() != 0) {
            throw new AssertionError("this integration test needs root (kernel audit rules, network namespaces)");
        }
    }

    @Test
    void aHostRuleAddedBeforeTheAgentIsStillThereAfterItStopsAndOursAreGone() throws Exception {
        requireRoot();
        String foreignKey = "rwl-host-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        AuditArch arch = AuditArch.ofThisMachine().getFirst();
        BitSet acct = new BitSet();
        acct.set(arch == AuditArch.X86_64 ? 163 : 89); // acct(2): nothing calls it during the test
        AuditRule foreign = new AuditRule(AuditRule.FILTER_EXIT, AuditRule.ACTION_ALWAYS, acct,
                List.of(AuditRuleField.arch(arch), AuditRuleField.key(foreignKey)));
        try (AuditClient client = AuditClient.open()) {
            client.addRule(foreign);
            try {
                String ours;
                try (ProcessAttribution processes = ProcessAttribution.start(ProcFs.system())) {
                    assertThat(processes.auditActive()).as(processes.warning().orElse("")).isTrue();
                    ours = keyOf(client);
                    assertThat(client.listRules()).contains(foreign)
                            .filteredOn(r -> r.key().filter(ours::equals).isPresent()).isNotEmpty();
                }
                List<AuditRule> after = client.listRules();
                assertThat(after).as("the host's rule survives").contains(foreign);
                assertThat(after).as("ours are gone").noneMatch(r -> r.key().filter(ours::equals).isPresent());
            } finally {
                client.deleteRulesWithKey(foreignKey);
            }
        }
    }

    @Test
    void execveAndConnectOfAShortLivedProcessReachTheTableAndTheSink() throws Exception {
        requireRoot();
        Sightings sightings = new Sightings();
        try (ProcessAttribution processes = ProcessAttribution.start(ProcFs.system())) {
            processes.onSyscall(sightings);
            assertThat(processes.auditActive()).as(processes.warning().orElse("")).isTrue();
            Process p = new ProcessBuilder("unshare", "-n", "bash", "-c",
                    "python3 -c 'import socket; s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); "
                            + "s.sendto(b\"x\", (\"fd52:7761:6c6c::5\", 5353))' 2>/dev/null; "
                            + "exec 3<>/dev/tcp/198.18.0.9/9").redirectErrorStream(true).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            SyscallSighting tcp = sightings.await(s -> s.destination().getPort() == 9
                    && s.destination().getAddress().equals(InetAddress.ofLiteral("198.18.0.9")), Duration.ofSeconds(10));
            assertThat(tcp.node().pid()).isEqualTo(p.pid());
            assertThat(tcp.image().exe()).isEqualTo("/usr/bin/bash");
            assertThat(tcp.success()).isFalse();
            List<ProcessNode> chain = ProcessTable.chain(tcp.node());
            assertThat(chain.get(1).pid()).isEqualTo(ProcessHandle.current().pid());
            SyscallSighting udp = sightings.await(s -> s.destination().getPort() == 5353, Duration.ofSeconds(10));
            assertThat(udp.image().exe()).contains("python3");
            assertThat(udp.node().parent()).isSameAs(tcp.node()).as("python's parent is the bash that later connects");
            assertThat(udp.node().image().cmdline()).first().asString().contains("python3");
            assertThat(processes.counters()).containsKey("auditLost");
            System.out.println("audit subscription counters: " + processes.counters());
        }
    }

    @Test
    void loadingSomeGroupsAddsTheirRulesForEveryArchitectureAndCloseTakesThemOut() throws Exception {
        requireRoot();
        List<AuditArch> arches = AuditArch.ofThisMachine();
        try (AuditClient client = AuditClient.open()) {
            String key;
            try (LoadedAuditRules rules = LoadedAuditRules.load(EnumSet.of(AuditRuleGroup.EXEC, AuditRuleGroup.EXIT))) {
                key = rules.key();
                List<AuditRule> listed = client.listRules().stream()
                        .filter(r -> r.key().filter(key::equals).isPresent()).toList();
                assertThat(listed).hasSize(2 * arches.size()).containsExactlyInAnyOrderElementsOf(rules.rules());
                for (AuditArch arch : arches) {
                    assertThat(listed).contains(AuditRuleSet.exec(arch, key), AuditRuleSet.exit(arch, key));
                }
            }
            assertThat(client.listRules()).as("ours are gone").noneMatch(r -> r.key().filter(key::equals).isPresent());
        }
    }

    private static String keyOf(AuditClient client) throws Exception {
        return client.listRules().stream().flatMap(r -> r.key().stream())
                .filter(k -> k.startsWith("runwall:" + ProcessHandle.current().pid() + ":")).findFirst().orElseThrow();
    }
}
