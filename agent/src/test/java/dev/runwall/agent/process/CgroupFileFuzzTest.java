package dev.runwall.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** /proc/PID/cgroup paths are chosen by whoever made the cgroup: parsing any text must not fail. */
class CgroupFileFuzzTest {
    @FuzzTest
    void anyTextParses(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        CgroupFile f = CgroupFile.parse(text);
        if (f.container() != null) {
            assertThat(f.container()).hasSize(12).matches("[0-9a-f]{12}");
        }
    }
}
