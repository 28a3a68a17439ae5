package dev.runwall.agent.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One cgroup v2 per step under {@code runwall run}: a step's first process moves itself into its step's
 * cgroup before it runs anything, and every process it starts inherits it — including a daemon that
 * double-forks, calls setsid and loses its parents. The cgroup is then the step's causal mark, with no
 * audit record needed. Nothing is limited: no controller is enabled, the cgroups only label.
 */
public final class StepCgroups implements AutoCloseable {
    private final Path mount;
    private final Path jobDir;
    private final String jobPath;
    private final Map<String, String> stepByPath = new ConcurrentHashMap<>();

    private StepCgroups(Path mount, Path jobDir, String jobPath) {
        this.mount = mount;
        this.jobDir = jobDir;
        this.jobPath = jobPath;
    }

    /**
     * Creates {@code runwall-run-PID} under this process's own cgroup (after removing empty leftovers of
     * runs whose process is gone).
     *
     * @param mountinfo the text of /proc/self/mountinfo
     * @param ownCgroup this process's cgroup v2 path (the {@code 0::} line of /proc/self/cgroup)
     * @return empty when there is no writable cgroup v2 hierarchy (then attribution relies on ancestry)
     */
    public static Optional<StepCgroups> create(String mountinfo, String ownCgroup, long runnerPid) {
        Optional<Path> mount = cgroup2Mount(mountinfo);
        if (mount.isEmpty() || ownCgroup == null) {
            return Optional.empty();
        }
        String own = ownCgroup.equals("/") ? "" : ownCgroup;
        String jobPath = own + "/runwall-run-" + runnerPid;
        Path jobDir = Path.of(mount.get() + jobPath);
        try {
            removeLeftovers(jobDir.getParent());
            Files.createDirectories(jobDir);
            return Optional.of(new StepCgroups(mount.get(), jobDir, jobPath));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Creates the cgroup of {@code stepId}; returns the command that runs {@code command} inside it. */
    public List<String> wrap(String stepId, List<String> command) throws IOException {
        String name = stepId.replaceAll("[^A-Za-z0-9_.-]", "_");
        Path dir = jobDir.resolve(name);
        Files.createDirectories(dir);
        stepByPath.put(jobPath + "/" + name, stepId);
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                // move this shell (pid 0: the writer) into the step's cgroup, then become the step; if the move
                // fails the step still runs (audit mode is fail-open), attributed by ancestry alone
                "{ echo 0 > \"$0\"; } 2>/dev/null; exec \"$@\"", dir.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The step whose cgroup (or a cgroup below it) {@code cgroupPath} is. */
    public Optional<String> stepOf(String cgroupPath) {
        if (cgroupPath == null || !cgroupPath.startsWith(jobPath + "/")) {
            return Optional.empty();
        }
        int end = cgroupPath.indexOf('/', jobPath.length() + 1);
        String stepPath = end < 0 ? cgroupPath : cgroupPath.substring(0, end);
        return Optional.ofNullable(stepByPath.get(stepPath));
    }

    public Path directory() {
        return jobDir;
    }

    /** Removes the step cgroups that are empty; a cgroup still holding a background process stays. */
    @Override
    public void close() {
        removeEmpty(jobDir);
    }

    static Optional<Path> cgroup2Mount(String mountinfo) {
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            String[] before = (dash < 0 ? "" : line.substring(0, dash)).split(" ");
            String[] after = (dash < 0 ? "" : line.substring(dash + 3)).split(" ");
            if (after.length >= 1 && after[0].equals("cgroup2") && before.length >= 5 && before[3].equals("/")) {
                return Optional.of(Path.of(before[4].replace("\\040", " ")));
            }
        }
        return Optional.empty();
    }

    private static void removeLeftovers(Path parent) throws IOException {
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith("runwall-run-")).toList()) {
                String pid = d.getFileName().toString().substring("runwall-run-".length());
                if (pid.chars().allMatch(Character::isDigit) && !Files.exists(Path.of("/proc", pid))) {
                    removeEmpty(d);
                }
            }
        }
    }

    private static void removeEmpty(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            for (Path c : children.filter(Files::isDirectory).toList()) {
                removeEmpty(c);
            }
        } catch (IOException e) {
            return;
        }
        try {
            Files.delete(dir); // rmdir of a cgroup: fails (EBUSY) while a process is inside, which is fine
        } catch (IOException e) {
            // still in use: left for the next run's cleanup
        }
    }
}
