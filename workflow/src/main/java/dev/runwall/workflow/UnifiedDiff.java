package dev.runwall.workflow;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u}, three lines of context) of two texts, line by line (Myers'
 * algorithm). Line endings are part of the lines, so a CRLF file diffs as CRLF and applies with
 * {@code patch}/{@code git apply}; a missing final newline is marked as diff marks it.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    /** The diff of {@code before} and {@code after} with {@code a/<name>} and {@code b/<name>} headers; "" when equal. */
    public static String of(String name, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<int[]> ops = editScript(a, b); // {kind, aIndex, bIndex}: 0 same, 1 delete, 2 insert
        StringBuilder out = new StringBuilder();
        out.append("--- a/").append(name).append('\n').append("+++ b/").append(name).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i)[0] == 0) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int lastChange = i;
            while (end < ops.size() && (ops.get(end)[0] != 0 || end - lastChange <= 2 * CONTEXT)) {
                if (ops.get(end)[0] != 0) {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            hunk(out, ops.subList(start, end), a, b);
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<int[]> ops, List<String> a, List<String> b) {
        int aStart = -1;
        int bStart = -1;
        int aCount = 0;
        int bCount = 0;
        for (int[] op : ops) {
            if (op[0] != 2) {
                aStart = aStart < 0 ? op[1] : aStart;
                aCount++;
            }
            if (op[0] != 1) {
                bStart = bStart < 0 ? op[2] : bStart;
                bCount++;
            }
        }
        out.append("@@ -").append(range(aStart, aCount, ops.getFirst()[1])).append(" +")
                .append(range(bStart, bCount, ops.getFirst()[2])).append(" @@\n");
        for (int[] op : ops) {
            String line = op[0] == 2 ? b.get(op[2]) : a.get(op[1]);
            out.append(op[0] == 0 ? ' ' : op[0] == 1 ? '-' : '+').append(line);
            if (!line.endsWith("\n")) {
                out.append("\n\\ No newline at end of file\n");
            }
        }
    }

    private static String range(int start, int count, int fallback) {
        int first = count == 0 ? fallback : start + 1;
        return count == 1 ? String.valueOf(first) : first + "," + count;
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** Myers' O(ND) shortest edit script, as a list of same/delete/insert steps. */
    private static List<int[]> editScript(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        outer:
        for (int d = 0; d <= max; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    trace.add(v.clone());
                    break outer;
                }
            }
        }
        List<int[]> ops = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 2; d >= 0 && (x > 0 || y > 0); d--) {
            int[] vd = trace.get(d);
            int k = x - y;
            int prevK = (k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1])) ? k + 1 : k - 1;
            int prevX = d == 0 ? 0 : vd[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                ops.add(new int[] {0, --x, --y});
            }
            if (d > 0) {
                if (x == prevX) {
                    ops.add(new int[] {2, x, --y});
                } else {
                    ops.add(new int[] {1, --x, y});
                }
            }
        }
        java.util.Collections.reverse(ops);
        return ops;
    }
}
