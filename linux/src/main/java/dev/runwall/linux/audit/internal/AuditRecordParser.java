package dev.runwall.linux.audit.internal;

import dev.runwall.linux.audit.AuditParseException;
import dev.runwall.linux.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Turns the body of one kernel audit record into its typed {@link AuditRecord}. */
public final class AuditRecordParser {
    private AuditRecordParser() {}

    public static AuditRecord parse(int type, String body) throws AuditParseException {
        return switch (type) {
            case AuditRecord.SYSCALL -> syscall(AuditFields.parse(body));
            case AuditRecord.SOCKADDR -> new AuditRecord.Sockaddr(
                    SockaddrDecoder.decode(required(AuditFields.parse(body).bytes("saddr"), "saddr")));
            case AuditRecord.EXECVE -> ExecveParser.parse(AuditFields.parse(body));
            case AuditRecord.PROCTITLE -> proctitle(AuditFields.parse(body));
            case AuditRecord.CWD -> new AuditRecord.Cwd(AuditFields.parse(body).text("cwd").orElse(""));
            case AuditRecord.PATH -> path(AuditFields.parse(body));
            default -> new AuditRecord.Other(type, body);
        };
    }

    private static final String[] ARGS = {"a0", "a1", "a2", "a3"};

    private static AuditRecord.Syscall syscall(AuditFields f) throws AuditParseException {
        Optional<Boolean> success = f.raw("success").map("yes"::equals);
        OptionalLong exit = f.has("exit") ? OptionalLong.of(f.decimal("exit")) : OptionalLong.empty();
        List<Long> args = new ArrayList<>(ARGS.length);
        for (String arg : ARGS) {
            if (f.has(arg)) {
                args.add(f.hexNumber(arg));
            }
        }
        return new AuditRecord.Syscall((int) f.hexNumber("arch"), (int) f.decimal("syscall"), success, exit, args,
                f.decimal("ppid"), f.decimal("pid"), f.decimalOr("auid", -1), f.decimalOr("uid", -1),
                f.decimalOr("gid", -1), f.decimalOr("euid", -1), f.decimalOr("ses", -1), f.raw("tty").orElse(""),
                f.text("comm").orElse(""), f.text("exe"), f.text("key"));
    }

    private static AuditRecord.Proctitle proctitle(AuditFields f) throws AuditParseException {
        byte[] title = f.bytes("proctitle").orElse(new byte[0]);
        List<String> arguments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= title.length; i++) {
            if (i == title.length || title[i] == 0) {
                if (i > start || i < title.length) {
                    arguments.add(new String(title, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return new AuditRecord.Proctitle(arguments);
    }

    private static AuditRecord.Path path(AuditFields f) throws AuditParseException {
        Optional<Long> inode = f.optionalDecimal("inode");
        return new AuditRecord.Path((int) f.decimal("item"), f.text("name"),
                inode.map(OptionalLong::of).orElse(OptionalLong.empty()), f.raw("mode"), f.raw("nametype"));
    }

    private static byte[] required(Optional<byte[]> value, String key) throws AuditParseException {
        if (value.isEmpty()) {
            throw new AuditParseException("missing field " + key);
        }
        return value.get();
    }

    /** EXECVE records: {@code argc=N a0=… a1_len=L a1[0]=… a1[1]=…}. */
    static final class ExecveParser {
        private ExecveParser() {}

        static AuditRecord.Execve parse(AuditFields f) throws AuditParseException {
            OptionalInt argc = OptionalInt.empty();
            List<AuditRecord.ArgumentPart> parts = new ArrayList<>();
            for (AuditFields.Field field : f.all()) {
                String key = field.key();
                if (key.equals("argc")) {
                    argc = OptionalInt.of(index(key, key.length() + 1, field.rawValue(), key));
                } else if (key.endsWith("_len")) {
                    continue; // the total length; the chunks carry the bytes
                } else if (key.startsWith("a")) {
                    int bracket = key.indexOf('[');
                    int index = index(key, 1, bracket < 0 ? key.substring(1) : key.substring(1, bracket), key);
                    int chunk = -1;
                    if (bracket >= 0) {
                        if (!key.endsWith("]")) {
                            throw new AuditParseException("malformed EXECVE field " + key);
                        }
                        chunk = index(key, bracket + 1, key.substring(bracket + 1, key.length() - 1), key);
                    }
                    byte[] bytes = AuditFields.decodeValue(key, field.rawValue()).orElse(new byte[0]);
                    parts.add(new AuditRecord.ArgumentPart(index, chunk, bytes));
                } else {
                    throw new AuditParseException("unexpected EXECVE field " + key);
                }
            }
            return new AuditRecord.Execve(argc, parts);
        }

        private static int index(String key, int column, String digits, String what) throws AuditParseException {
            if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
                throw new AuditParseException("EXECVE field " + key + ": not a number at column " + column + ": " + what);
            }
            return Integer.parseInt(digits);
        }
    }
}
