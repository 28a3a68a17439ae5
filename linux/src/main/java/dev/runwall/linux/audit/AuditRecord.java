package dev.runwall.linux.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One typed record of an audit event. Strings from records are attacker-chosen text: escape on output. */
public sealed interface AuditRecord {
    int SYSCALL = 1300;
    int PATH = 1302;
    int SOCKADDR = 1306;
    int CWD = 1307;
    int EXECVE = 1309;
    int EOE = 1320;
    int PROCTITLE = 1327;

    /** The record type number. */
    int type();

    /**
     * A SYSCALL record: which syscall, its result and the calling process.
     *
     * @param arch    the {@code AUDIT_ARCH_*} value ({@link AuditArch#ofAuditValue})
     * @param success empty for syscalls the kernel reports without a result
     * @param args    a0..a3 as the kernel printed them (pointers, fds, flags)
     * @param key     the rule key, empty for {@code key=(null)}
     */
    record Syscall(int arch, int syscall, Optional<Boolean> success, OptionalLong exit, List<Long> args, long ppid,
                   long pid, long auid, long uid, long gid, long euid, long sessionId, String tty, String comm,
                   Optional<String> exe, Optional<String> key) implements AuditRecord {
        @Override
        public int type() {
            return SYSCALL;
        }
    }

    /** A SOCKADDR record: the address passed to connect/sendto/sendmsg/bind. */
    record Sockaddr(SocketAddressValue address) implements AuditRecord {
        @Override
        public int type() {
            return SOCKADDR;
        }
    }

    /**
     * One EXECVE record. Long command lines span several records of one event and long arguments
     * come in chunks; {@link AuditEvent#arguments()} puts them back together.
     *
     * @param argc  present in the first EXECVE record of an event only
     * @param parts the arguments or argument chunks in this record
     */
    record Execve(OptionalInt argc, List<ArgumentPart> parts) implements AuditRecord {
        @Override
        public int type() {
            return EXECVE;
        }
    }

    /** Argument {@code index} (chunk {@code chunk}, or -1 for a whole argument) as raw bytes. */
    record ArgumentPart(int index, int chunk, byte[] bytes) {
        public ArgumentPart {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ArgumentPart p && p.index == index && p.chunk == chunk && Arrays.equals(p.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return (index * 31 + chunk) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "ArgumentPart[" + index + (chunk >= 0 ? "[" + chunk + "]" : "") + "=" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /** The process title (its command line, cut by the kernel at 128 bytes), split at NULs. */
    record Proctitle(List<String> arguments) implements AuditRecord {
        @Override
        public int type() {
            return PROCTITLE;
        }
    }

    /** The working directory of the process. */
    record Cwd(String path) implements AuditRecord {
        @Override
        public int type() {
            return CWD;
        }
    }

    /** A path the syscall touched (for execve: the program and its interpreter). */
    record Path(int item, Optional<String> name, OptionalLong inode, Optional<String> mode, Optional<String> nameType)
            implements AuditRecord {
        @Override
        public int type() {
            return PATH;
        }
    }

    /** Any other record type, or one the reader was told not to parse, kept as text. */
    record Other(int type, String text) implements AuditRecord {}
}
