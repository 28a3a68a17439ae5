package dev.runwall.linux.procfs;

/**
 * The fields of {@code /proc/PID/stat} that Runwall uses.
 *
 * @param comm the kernel's short process name (up to 15 bytes, may contain spaces and parentheses)
 * @param startTime start time in clock ticks since boot; with the pid it identifies a process uniquely
 */
public record ProcStat(int pid, String comm, char state, int ppid, int sessionId, long startTime) {

    /** Parses the content of a stat file. The name is taken up to the LAST ')' because it may contain ')'. */
    public static ProcStat parse(String text) throws ProcParseException {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw new ProcParseException("stat: no '(comm)' field");
        }
        int pid = parseInt(text.substring(0, open).strip(), "pid");
        String comm = text.substring(open + 1, close);
        String[] rest = text.substring(close + 1).strip().split(" ");
        // rest[0] = state (field 3), rest[1] = ppid (4), rest[3] = session (6), rest[19] = starttime (22)
        if (rest.length < 20 || rest[0].length() != 1) {
            throw new ProcParseException("stat: expected at least 22 fields, got " + (rest.length + 2));
        }
        return new ProcStat(pid, comm, rest[0].charAt(0), parseInt(rest[1], "ppid"), parseInt(rest[3], "session"),
                parseLong(rest[19], "starttime"));
    }

    private static int parseInt(String s, String field) throws ProcParseException {
        long v = parseLong(s, field);
        if (v > Integer.MAX_VALUE) {
            throw new ProcParseException("stat: " + field + " out of range");
        }
        return (int) v;
    }

    private static long parseLong(String s, String field) throws ProcParseException {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProcParseException("stat: " + field + " is not a number");
        }
        return Long.parseLong(s);
    }
}
