package dev.runwall.linux.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The records the kernel emitted for one audited action, joined by their serial number.
 *
 * @param serial   the serial number from {@code audit(…:SERIAL)}
 * @param time     when the event happened (millisecond precision)
 * @param records  the records in arrival order
 * @param complete true when the kernel's end-of-event record closed it; false when it was closed
 *                 by the timeout (events outside a syscall have no end record; records may also
 *                 have been lost)
 */
public record AuditEvent(long serial, Instant time, List<AuditRecord> records, boolean complete) {
    public AuditEvent {
        records = List.copyOf(records);
    }

    public Optional<AuditRecord.Syscall> syscall() {
        return first(AuditRecord.Syscall.class);
    }

    public Optional<SocketAddressValue> sockaddr() {
        return first(AuditRecord.Sockaddr.class).map(AuditRecord.Sockaddr::address);
    }

    public Optional<String> cwd() {
        return first(AuditRecord.Cwd.class).map(AuditRecord.Cwd::path);
    }

    public Optional<List<String>> proctitle() {
        return first(AuditRecord.Proctitle.class).map(AuditRecord.Proctitle::arguments);
    }

    public List<AuditRecord.Path> paths() {
        return all(AuditRecord.Path.class);
    }

    /** The rule key of the SYSCALL record. */
    public Optional<String> key() {
        return syscall().flatMap(AuditRecord.Syscall::key);
    }

    /** argc from the EXECVE records, if the event has any. */
    public OptionalInt argc() {
        for (AuditRecord.Execve execve : all(AuditRecord.Execve.class)) {
            if (execve.argc().isPresent()) {
                return execve.argc();
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The full argument vector of an execve, rebuilt from all EXECVE records of the event (long
     * arguments arrive in chunks across records). Empty when the event has no EXECVE record.
     */
    public List<String> arguments() {
        List<AuditRecord.Execve> records = all(AuditRecord.Execve.class);
        if (records.size() == 1 && wholeAndInOrder(records.getFirst().parts())) {
            List<String> arguments = new ArrayList<>(records.getFirst().parts().size());
            for (AuditRecord.ArgumentPart part : records.getFirst().parts()) {
                arguments.add(new String(part.bytes(), StandardCharsets.UTF_8));
            }
            return arguments; // the usual short command line: what the general path below gives, without sorting
        }
        TreeMap<Integer, List<AuditRecord.ArgumentPart>> byIndex = new TreeMap<>();
        for (AuditRecord.Execve execve : records) {
            for (AuditRecord.ArgumentPart part : execve.parts()) {
                byIndex.computeIfAbsent(part.index(), i -> new ArrayList<>()).add(part);
            }
        }
        List<String> arguments = new ArrayList<>();
        for (List<AuditRecord.ArgumentPart> parts : byIndex.values()) {
            parts.sort(Comparator.comparingInt(AuditRecord.ArgumentPart::chunk));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (AuditRecord.ArgumentPart part : parts) {
                bytes.writeBytes(part.bytes());
            }
            arguments.add(bytes.toString(StandardCharsets.UTF_8));
        }
        return arguments;
    }

    /** Arguments 0, 1, 2 … each whole (not in chunks). */
    private static boolean wholeAndInOrder(List<AuditRecord.ArgumentPart> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).index() != i || parts.get(i).chunk() >= 0) {
                return false;
            }
        }
        return true;
    }

    private <T extends AuditRecord> Optional<T> first(Class<T> kind) {
        for (AuditRecord r : records) {
            if (kind.isInstance(r)) {
                return Optional.of(kind.cast(r));
            }
        }
        return Optional.empty();
    }

    private <T extends AuditRecord> List<T> all(Class<T> kind) {
        List<T> found = new ArrayList<>();
        for (AuditRecord r : records) {
            if (kind.isInstance(r)) {
                found.add(kind.cast(r));
            }
        }
        return List.copyOf(found);
    }
}
