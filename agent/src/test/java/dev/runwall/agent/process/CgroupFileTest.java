package dev.runwall.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupFileTest {
    private static final String ID = "4f6b1e8c9a2d3b7e5f0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";

    @Test
    void unifiedPathFromTheZeroLineInHybridMode() {
        CgroupFile f = CgroupFile.parse("12:pids:/user.slice\n1:name=systemd:/user.slice/session-2.scope\n0::/ci/job/step-1\n");
        assertThat(f.unifiedPath()).isEqualTo("/ci/job/step-1");
        assertThat(f.container()).isNull();
    }

    @Test
    void containerIdsOfDockerContainerdCrioAndPodman() {
        assertThat(CgroupFile.parse("0::/system.slice/docker-" + ID + ".scope\n").container()).isEqualTo(ID.substring(0, 12));
        assertThat(CgroupFile.parse("0::/docker/" + ID + "\n").container()).isEqualTo(ID.substring(0, 12));
        assertThat(CgroupFile.parse("0::/kubepods/burstable/pod1/" + ID + "\n").container()).isEqualTo(ID.substring(0, 12));
        assertThat(CgroupFile.parse("0::/system.slice/cri-containerd-" + ID + ".scope\n").container()).isNotNull();
        assertThat(CgroupFile.parse("0::/machine.slice/libpod-" + ID + ".scope/container\n").container()).isNotNull();
        assertThat(CgroupFile.parse("0::/user.slice/" + ID.substring(0, 40) + "\n").container()).isNull();
    }

    @Test
    void theSameTextAgainGivesTheSameAnswerAndANewTextItsOwn() {
        String step = "0::/ci/job/step-1\n";
        String container = "0::/docker/" + ID + "\n";
        CgroupFile first = CgroupFile.parse(step);
        assertThat(first.unifiedPath()).isEqualTo("/ci/job/step-1");
        assertThat(CgroupFile.parse(step)).as("the same text again: the parse is reused").isSameAs(first);
        assertThat(CgroupFile.parse(container)).isEqualTo(new CgroupFile("/docker/" + ID, ID.substring(0, 12)));
        assertThat(CgroupFile.parse(step)).isEqualTo(new CgroupFile("/ci/job/step-1", null));
    }

    @Test
    void linesThatAreNotCgroupLinesAreIgnored() {
        CgroupFile f = CgroupFile.parse("garbage\n:\n0:\n0::/a:b\n");
        assertThat(f.unifiedPath()).isEqualTo("/a:b");
    }
}
