package dev.runwall.agent.audit;

import dev.runwall.agent.process.ProcessNode;
import dev.runwall.agent.process.ProcessSighting;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.linux.audit.AuditArch;
import dev.runwall.linux.audit.AuditEvent;
import dev.runwall.linux.audit.AuditRecord;
import dev.runwall.linux.audit.SocketAddressValue;
import dev.runwall.linux.audit.Syscall;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns audit events into process-table updates and syscall sightings, in the order the kernel emitted
 * them. Events are taken by syscall, not by rule key: when a host rule (auditd's) matches the same call
 * first, the event carries the host's key, and it is still the same fact.
 */
final class AuditRouter implements Consumer<AuditEvent> {
    private final ProcessTable table;
    private final Consumer<SyscallSighting> syscalls;
    private final AuditCounters counters;
    private final SerialGaps gaps = new SerialGaps();

    AuditRouter(ProcessTable table, Consumer<SyscallSighting> syscalls, AuditCounters counters) {
        this.table = table;
        this.syscalls = syscalls;
        this.counters = counters;
    }

    @Override
    public void accept(AuditEvent event) {
        gaps.seen(event.serial());
        try {
            route(event);
        } finally {
            table.observed(event.time());
        }
    }

    private void route(AuditEvent event) {
        Optional<AuditRecord.Syscall> record = event.syscall();
        if (record.isEmpty()) {
            return;
        }
        AuditRecord.Syscall s = record.get();
        Optional<AuditArch> arch = AuditArch.ofAuditValue(s.arch());
        if (arch.isEmpty()) {
            return;
        }
        if (AuditRuleSet.isExitGroup(arch.get(), s.syscall())) {
            long status = s.args().isEmpty() ? 0 : s.args().getFirst();
            table.exit((int) s.pid(), (int) (status & 0xff), event.time());
            counters.exits.increment();
            return;
        }
        if (AuditRuleSet.isFork(arch.get(), s.syscall())) {
            long child = s.exit().orElse(0);
            if (child > 0 && !AuditRuleSet.makesThread(arch.get(), s.syscall(), s.args())) {
                table.fork(sighting(event, s, List.of()), (int) child, event.time());
                counters.forks.increment();
            }
            return;
        }
        Optional<Syscall> which = arch.get().syscall(s.syscall());
        if (which.isEmpty()) {
            return;
        }
        switch (which.get()) {
            case EXECVE, EXECVEAT -> {
                if (s.success().orElse(true)) {
                    table.exec(sighting(event, s, event.arguments()));
                    counters.execs.increment();
                }
            }
            case CONNECT, SENDTO, SENDMSG, SENDMMSG -> network(event, s, which.get());
        }
    }

    private void network(AuditEvent event, AuditRecord.Syscall s, Syscall which) {
        Optional<SocketAddressValue> address = event.sockaddr();
        if (address.isEmpty() || !(address.get() instanceof SocketAddressValue.Inet inet)) {
            counters.notInet.increment();
            return;
        }
        if (inet.address().getAddress().isLoopbackAddress() || inet.address().getAddress().isAnyLocalAddress()) {
            counters.loopback.increment(); // DNS to our own proxy, local services: never a flow of the firewall
            return;
        }
        ProcessNode node = table.observe(sighting(event, s, List.of()));
        counters.network.increment();
        syscalls.accept(new SyscallSighting(event.time(), event.serial(), which, node, node.image(), inet.address(),
                s.success().orElse(true), s.exit().orElse(0)));
    }

    /** Events lost on the way to us (serials never seen). */
    long missingEvents() {
        return gaps.missing();
    }

    private static ProcessSighting sighting(AuditEvent event, AuditRecord.Syscall s, List<String> argv) {
        return new ProcessSighting(event.time(), (int) s.pid(), (int) s.ppid(), (int) s.uid(), -1, s.comm(),
                s.exe().orElse(null), argv);
    }
}
