package dev.runwall.linux.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The syscall ABIs an audit rule can match ({@code -F arch=b64} / {@code b32}), with the numbers
 * of the syscalls Runwall watches in each: syscall numbers differ per ABI, so a rule is always
 * for one ABI.
 */
public enum AuditArch {
    X86_64(0xC000003E, Map.of(Syscall.CONNECT, 42, Syscall.SENDTO, 44, Syscall.SENDMSG, 46, Syscall.SENDMMSG, 307,
            Syscall.EXECVE, 59, Syscall.EXECVEAT, 322)),
    I386(0x40000003, Map.of(Syscall.CONNECT, 362, Syscall.SENDTO, 369, Syscall.SENDMSG, 370, Syscall.SENDMMSG, 345,
            Syscall.EXECVE, 11, Syscall.EXECVEAT, 358)),
    AARCH64(0xC00000B7, Map.of(Syscall.CONNECT, 203, Syscall.SENDTO, 206, Syscall.SENDMSG, 211, Syscall.SENDMMSG, 269,
            Syscall.EXECVE, 221, Syscall.EXECVEAT, 281)),
    ARM(0x40000028, Map.of(Syscall.CONNECT, 283, Syscall.SENDTO, 290, Syscall.SENDMSG, 296, Syscall.SENDMMSG, 374,
            Syscall.EXECVE, 11, Syscall.EXECVEAT, 387));

    private final int auditValue;
    private final Map<Syscall, Integer> numbers;
    /** The inverse of {@link #numbers}: asked for every audited syscall, so a map lookup, not a search. */
    private final Map<Integer, Syscall> byNumber;

    AuditArch(int auditValue, Map<Syscall, Integer> numbers) {
        this.auditValue = auditValue;
        this.numbers = numbers;
        Map<Integer, Syscall> inverse = new HashMap<>();
        numbers.forEach((syscall, number) -> inverse.put(number, syscall));
        this.byNumber = Map.copyOf(inverse);
    }

    /** The {@code AUDIT_ARCH_*} constant (also printed as {@code arch=} in SYSCALL records, in hex). */
    public int auditValue() {
        return auditValue;
    }

    public int number(Syscall syscall) {
        return numbers.get(syscall);
    }

    /** The syscall with this number in this ABI, if it is one Runwall knows. */
    public Optional<Syscall> syscall(int number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    public static Optional<AuditArch> ofAuditValue(int value) {
        for (AuditArch arch : values()) {
            if (arch.auditValue == value) {
                return Optional.of(arch);
            }
        }
        return Optional.empty();
    }

    /**
     * The ABIs processes on this machine can use: the native 64-bit one and its 32-bit
     * compatibility ABI (a 32-bit binary calling connect() is audited under the latter).
     */
    public static List<AuditArch> ofThisMachine() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> List.of(X86_64, I386);
            case "aarch64", "arm64" -> List.of(AARCH64, ARM);
            default -> throw new IllegalStateException("audit syscall numbers are not known for architecture " + arch);
        };
    }
}
