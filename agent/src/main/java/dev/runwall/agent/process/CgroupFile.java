package dev.runwall.agent.process;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of {@code /proc/PID/cgroup}: the cgroup v2 path (the {@code 0::} line) and a container id
 * when any hierarchy's path names one (Docker, containerd, CRI-O, Podman). The kernel writes the format;
 * the path text is chosen by whoever created the cgroup, so it is only ever compared and shown escaped.
 */
public record CgroupFile(String unifiedPath, String container) {
    private static final Pattern CONTAINER = Pattern.compile(
            "(?:docker|cri-containerd|crio|libpod|containerd)[-/]([0-9a-f]{64})|/(?:docker|kubepods[^\\n]*)/([0-9a-f]{64})");
    private static final int SHORT_ID = 12;

    /** The last text parsed and its result: nearly every process of a job is in the same cgroups. */
    private record Parsed(String text, CgroupFile file) {}

    private static volatile Parsed last;

    /** Parses the file's text; a line that is not {@code ID:CONTROLLERS:PATH} is ignored. */
    public static CgroupFile parse(String text) {
        Parsed known = last;
        if (known != null && known.text().equals(text)) {
            return known.file();
        }
        CgroupFile file = parseText(text);
        last = new Parsed(text, file);
        return file;
    }

    private static CgroupFile parseText(String text) {
        String unified = null;
        String container = null;
        for (String line : text.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String path = line.substring(second + 1);
            if (line.startsWith("0::")) {
                unified = path;
            }
            if (container == null) {
                container = containerIn(path).orElse(null);
            }
        }
        return new CgroupFile(unified, container);
    }

    /** The short (12 hex digit) id of a container named in a cgroup path. */
    static Optional<String> containerIn(String path) {
        Matcher m = CONTAINER.matcher(path);
        if (!m.find()) {
            return Optional.empty();
        }
        String id = m.group(1) != null ? m.group(1) : m.group(2);
        return Optional.of(id.substring(0, SHORT_ID));
    }
}
