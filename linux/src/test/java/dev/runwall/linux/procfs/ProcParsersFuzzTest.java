package dev.runwall.linux.procfs;

import com.code_intelligence.jazzer.junit.FuzzTest;

class ProcParsersFuzzTest {

    /** A process name is chosen by the process: any stat text must parse or fail with the checked exception. */
    @FuzzTest(maxDuration = "10s")
    void statParsesOrRejects(String text) {
        if (text == null) {
            return; // procfs never yields null; Jazzer may
        }
        try {
            ProcStat s = ProcStat.parse(text);
            if (s.pid() < 0 || s.ppid() < 0) {
                throw new AssertionError("negative pid from " + text);
            }
        } catch (ProcParseException expected) {
            // rejected cleanly
        }
    }

    @FuzzTest(maxDuration = "10s")
    void socketTableParsesOrRejects(String text) {
        if (text == null) {
            return;
        }
        try {
            SocketEntry.parseTable(text);
        } catch (ProcParseException expected) {
            // rejected cleanly
        }
    }
}
