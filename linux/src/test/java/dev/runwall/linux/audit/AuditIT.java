package dev.runwall.linux.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkProtocol;
import dev.runwall.linux.netlink.NetlinkSocket;
import dev.runwall.linux.netlink.ReceiveResult;
import dev.runwall.linux.netns.NetworkNamespaces;
import dev.runwall.linux.testing.Privileges;
import dev.runwall.linux.testing.TestNamespace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our keyed audit rules and the multicast reader against the real kernel. Audit is system-wide:
 * the test adds rules only for its own duration, removes exactly those, and puts the enabled flag
 * back the way it found it.
 */
@SuppressWarnings("try") // readers are closed inside their try to check that run() returns
class AuditIT {
    private static final String TARGET = "198.18.0.1";

    private final String ourKey = "runwall-it-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    private final String foreignKey = "rwl-foreign-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    private TestNamespace namespace;
    private AuditClient client;
    private boolean wasEnabled;
    private final List<AuditEvent> ours = new CopyOnWriteArrayList<>();
    private volatile Exception readerFailure;
    /** Rules present before the test (auditd's, another agent's): the kernel's first matching rule names the key. */
    private List<AuditRule> preexisting;

    @BeforeEach
    void setUp() throws Exception {
        Privileges.requireRoot();
        try {
            client = AuditClient.open();
            AuditStatus status = client.status();
            if (status.isLocked()) {
                throw new AssertionError("kernel audit is locked (enabled=2): rules cannot be added until reboot");
            }
            wasEnabled = status.isEnabled();
        } catch (ErrnoException e) {
            throw new AssertionError("kernel audit netlink is not usable (" + e.getMessage()
                    + "): the kernel needs CONFIG_AUDIT/CONFIG_AUDITSYSCALL and this process CAP_AUDIT_CONTROL", e);
        }
        if (!wasEnabled) {
            client.setEnabled(true);
        }
        preexisting = client.listRules();
        namespace = TestNamespace.create();
        namespace.exec("ip", "addr", "add", TARGET + "/32", "dev", "lo");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            client.deleteRulesWithKey(ourKey);
            client.deleteRulesWithKey(foreignKey);
            if (!wasEnabled) {
                client.setEnabled(false);
            }
        } finally {
            client.close();
            namespace.close();
        }
    }

    @Test
    void connectOfAChildProcessIsReportedAndOnlyOurRulesAreRemoved() throws Exception {
        AuditRule foreign = foreignRule();
        client.addRule(foreign);
        for (AuditRule rule : rulesFor(ourKey)) {
            client.addRule(rule);
        }
        assertThat(client.listRules()).filteredOn(r -> r.key().filter(ourKey::equals).isPresent()).hasSize(2);

        try (AuditEventReader reader = AuditEventReader.open(AuditReaderOptions.DEFAULTS)) {
            Thread thread = start(reader);
            Process child = new ProcessBuilder("ip", "netns", "exec", namespace.name(), "bash", "-c",
                    "echo > /dev/tcp/" + TARGET + "/9").redirectErrorStream(true).start();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

            // the child may connect elsewhere first (glibc asks nscd over a unix socket, which fails with
            // ENOENT where nscd does not run): pick the connect to our target
            SocketAddressValue target = new SocketAddressValue.Inet(new InetSocketAddress(InetAddress.getByName(TARGET), 9));
            AuditEvent connect = await(e -> e.syscall().filter(s -> s.pid() == child.pid()
                    && AuditArch.ofAuditValue(s.arch()).flatMap(a -> a.syscall(s.syscall())).equals(Optional.of(Syscall.CONNECT)))
                    .isPresent() && e.sockaddr().equals(Optional.of(target)));
            AuditRecord.Syscall syscall = connect.syscall().orElseThrow();
            assertThat(syscall.ppid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(syscall.exe()).contains("/usr/bin/bash");
            assertThat(syscall.success()).contains(false); // nothing listens: ECONNREFUSED
            assertThat(syscall.exit()).hasValue(-111);
            if (preexisting.isEmpty()) {
                assertThat(connect.key()).contains(ourKey);
            } else { // a rule of the host may match the call first and give the event its key
                assertThat(connect.key()).isPresent();
            }
            assertThat(connect.complete()).isTrue();

            AuditEvent execve = await(e -> e.syscall().filter(s -> s.pid() == child.pid()).isPresent()
                    && e.arguments().equals(List.of("bash", "-c", "echo > /dev/tcp/" + TARGET + "/9")));
            assertThat(execve.argc()).hasValue(3);
            assertThat(execve.cwd()).isPresent();

            AuditLoss loss = reader.loss();
            System.out.printf("audit reader: %d events delivered (host-wide), loss %s%n", reader.deliveredEvents(), loss);
            assertThat(loss.malformedRecords()).isZero();
            reader.close();
            thread.join(5000);
            assertThat(thread.isAlive()).isFalse();
        }

        assertThat(client.deleteRulesWithKey(ourKey)).isEqualTo(2);
        List<AuditRule> left = client.listRules();
        assertThat(left).noneMatch(r -> r.key().filter(ourKey::equals).isPresent());
        assertThat(left).contains(foreign);
    }

    /**
     * The finding the client is built on: a non-initial network namespace may manage rules, but
     * the kernel multicasts records only in the initial one.
     */
    @Test
    void rulesWorkFromAnyNamespaceButRecordsAreMulticastOnlyInTheInitialOne() throws Exception {
        try (AuditClient fromNamespace = AuditClient.openIn(namespace.path())) {
            assertThat(fromNamespace.status().isEnabled()).isTrue();
            for (AuditRule rule : rulesFor(ourKey)) {
                fromNamespace.addRule(rule); // allowed
            }
        }
        assertThat(client.listRules()).filteredOn(r -> r.key().filter(ourKey::equals).isPresent()).hasSize(2);

        try (NetlinkSocket inNamespace = NetworkNamespaces.runOnThreadIn(namespace.path(),
                     () -> NetlinkSocket.open(NetlinkProtocol.AUDIT, 1));
             AuditEventReader reader = NetworkNamespaces.runOnThreadIn(namespace.path(),
                     () -> AuditEventReader.open(AuditReaderOptions.DEFAULTS))) {
            Thread thread = start(reader);
            Process child = new ProcessBuilder("ip", "netns", "exec", namespace.name(), "bash", "-c",
                    "echo > /dev/tcp/" + TARGET + "/9").redirectErrorStream(true).start();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            // the reader was opened from inside the namespace, yet hears the event: it opened its socket
            // in the initial namespace
            await(e -> e.syscall().filter(s -> s.pid() == child.pid()).isPresent() && e.sockaddr().isPresent());
            int heardInNamespace = 0;
            while (inNamespace.receive(Duration.ofMillis(300)) instanceof ReceiveResult.Datagram) {
                heardInNamespace++;
            }
            assertThat(heardInNamespace).as("audit records multicast into a non-initial network namespace").isZero();
            reader.close();
            thread.join(5000);
        }
    }

    private AuditRule foreignRule() {
        BitSet acct = new BitSet();
        acct.set(163); // acct(2) on x86_64: something nobody calls during the test
        AuditArch arch = AuditArch.ofThisMachine().getFirst();
        if (arch != AuditArch.X86_64) {
            acct.clear();
            acct.set(89); // acct(2) on aarch64
        }
        return new AuditRule(AuditRule.FILTER_EXIT, AuditRule.ACTION_ALWAYS, acct,
                List.of(AuditRuleField.arch(arch), AuditRuleField.key(foreignKey)));
    }

    private Thread start(AuditEventReader reader) {
        return Thread.ofPlatform().name("audit-reader").start(() -> {
            try {
                reader.run(event -> {
                    // by process, not by key: see preexisting
                    if (event.syscall().isPresent()) {
                        ours.add(event);
                    }
                });
            } catch (ErrnoException | RuntimeException e) {
                readerFailure = e;
            }
        });
    }

    private AuditEvent await(Predicate<AuditEvent> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (readerFailure != null) {
                throw new AssertionError("the audit reader stopped", readerFailure);
            }
            for (AuditEvent event : ours) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching audit event within 10 s among " + ours.size() + " syscall events; rules before the test: "
                + preexisting);
    }

    /** Plain keyed exit rules for connect, sendto, sendmsg, sendmmsg and execve, one per ABI of this machine. */
    private static List<AuditRule> rulesFor(String key) {
        return AuditArch.ofThisMachine().stream().map(arch -> AuditRule.exitAlways(arch, List.of(Syscall.CONNECT,
                Syscall.SENDTO, Syscall.SENDMSG, Syscall.SENDMMSG, Syscall.EXECVE), key)).toList();
    }
}
