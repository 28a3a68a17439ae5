package dev.runwall.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCgroupsTest {
    @TempDir Path tmp;

    private String mountinfo(Path cgroup2) {
        return """
                25 30 0:22 / /sys rw,nosuid - sysfs sysfs rw
                35 25 0:30 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755
                36 35 0:31 / %s rw,relatime - cgroup2 cgroup2 rw
                37 35 0:32 /other /mnt/bind rw - cgroup2 cgroup2 rw
                """.formatted(cgroup2);
    }

    @Test
    void findsTheCgroup2MountAndNotABindMountOfASubtree() {
        assertThat(StepCgroups.cgroup2Mount(mountinfo(Path.of("/sys/fs/cgroup/unified")))).hasValue(Path.of("/sys/fs/cgroup/unified"));
        assertThat(StepCgroups.cgroup2Mount("36 35 0:31 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n")).isEmpty();
    }

    @Test
    void eachStepGetsACgroupUnderRunwallsOwnAndPathsBelowItMapBackToTheStep() throws Exception {
        Files.createDirectories(tmp.resolve("ci/job"));
        StepCgroups cgroups = StepCgroups.create(mountinfo(tmp), "/ci/job", 4242).orElseThrow();
        assertThat(cgroups.directory()).isEqualTo(tmp.resolve("ci/job/runwall-run-4242"));
        List<String> wrapped = cgroups.wrap("step-1", List.of("bash", "-e", "s.sh"));
        assertThat(wrapped).startsWith("/bin/sh", "-c").endsWith(
                tmp.resolve("ci/job/runwall-run-4242/step-1/cgroup.procs").toString(), "bash", "-e", "s.sh");
        assertThat(cgroups.stepOf("/ci/job/runwall-run-4242/step-1")).hasValue("step-1");
        assertThat(cgroups.stepOf("/ci/job/runwall-run-4242/step-1/docker/abc")).hasValue("step-1");
        assertThat(cgroups.stepOf("/ci/job/runwall-run-4242/step-2")).isEmpty();
        assertThat(cgroups.stepOf("/ci/job")).isEmpty();
        assertThat(cgroups.stepOf(null)).isEmpty();
        cgroups.close();
        assertThat(tmp.resolve("ci/job/runwall-run-4242")).doesNotExist();
    }

    @Test
    void noCgroup2MountMeansNoStepCgroups() {
        assertThat(StepCgroups.create("25 30 0:22 / /sys rw - sysfs sysfs rw\n", "/", 1)).isEmpty();
    }
}
