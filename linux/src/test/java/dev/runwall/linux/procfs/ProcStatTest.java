package dev.runwall.linux.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    private static final String TAIL =
            " S 1200 1234 1200 34816 1234 4194560 120 0 0 0 0 0 0 0 20 0 1 0 987654 8413184 896 18446744073709551615";

    @Test
    void parsesTheFieldsWeUse() throws ProcParseException {
        ProcStat s = ProcStat.parse("1234 (curl)" + TAIL);
        assertThat(s).isEqualTo(new ProcStat(1234, "curl", 'S', 1200, 1200, 987654));
    }

    @Test
    void nameMayContainSpacesAndParentheses() throws ProcParseException {
        ProcStat s = ProcStat.parse("77 (a) b (c))" + TAIL);
        assertThat(s.comm()).isEqualTo("a) b (c)");
        assertThat(s.ppid()).isEqualTo(1200);
    }

    @Test
    void truncatedOrGarbageIsACheckedError() {
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1")).isInstanceOf(ProcParseException.class);
        assertThatThrownBy(() -> ProcStat.parse("no parens")).isInstanceOf(ProcParseException.class);
        assertThatThrownBy(() -> ProcStat.parse("x (y)" + TAIL)).hasMessageContaining("pid is not a number");
    }

    @Test
    void readsTheRealProcessOfThisTest() {
        ProcFs proc = ProcFs.system();
        int pid = (int) ProcessHandle.current().pid();
        ProcStat self = proc.stat(pid).orElseThrow();
        assertThat(self.pid()).isEqualTo(pid);
        assertThat(self.ppid()).isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(proc.exe(pid)).hasValueSatisfying(exe -> assertThat(exe).endsWith("/java"));
        assertThat(proc.cmdline(pid).getFirst()).endsWith("java");
    }
}
