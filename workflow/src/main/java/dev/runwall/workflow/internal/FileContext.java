package dev.runwall.workflow.internal;

import dev.runwall.workflow.Finding;
import dev.runwall.workflow.Rule;
import dev.runwall.workflow.SecureOptions;
import dev.runwall.workflow.Severity;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.patch.Patch;
import dev.runwall.workflow.internal.yaml.SourceText;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Everything the remediation passes share while planning the edits of one file. */
public final class FileContext {
    private final String file;
    private final Path path;
    private final Workflow workflow;
    private final SecureOptions options;
    private final Patch patch = new Patch();
    private final List<Finding> findings = new ArrayList<>();
    private final Set<YamlNode> claimed = Collections.newSetFromMap(new IdentityHashMap<>());

    public FileContext(String file, Path path, Workflow workflow, SecureOptions options) {
        this.file = file;
        this.path = path;
        this.workflow = workflow;
        this.options = options;
    }

    public String file() {
        return file;
    }

    /** The file on disk, or null when the text did not come from a file. */
    public Path path() {
        return path;
    }

    public Workflow workflow() {
        return workflow;
    }

    public SourceText source() {
        return workflow.document().source();
    }

    public SecureOptions options() {
        return options;
    }

    public Patch patch() {
        return patch;
    }

    public List<Finding> findings() {
        return findings;
    }

    /**
     * Claims a node for editing; false when another pass or an alias already did, so that a node
     * shared through an anchor is edited once.
     */
    public boolean claim(YamlNode node) {
        return claimed.add(node);
    }

    public void report(Rule rule, String message, YamlNode at, boolean fixed) {
        report(rule, rule.defaultSeverity(), message, at, fixed);
    }

    public void report(Rule rule, Severity severity, String message, YamlNode at, boolean fixed) {
        int line = at == null ? 0 : at.span().line();
        int col = at == null ? 0 : at.span().column();
        findings.add(new Finding(rule, severity, message, file, line, col, fixed));
    }

    public String newline() {
        return source().newline();
    }

    /** The indentation step the file uses (2 when it cannot tell). */
    public int indentUnit() {
        YamlMapping root = workflow.root();
        for (YamlMapping.Entry e : root.entries()) {
            YamlNode value = YamlDocument.resolve(e.value());
            if (!root.flow() && value instanceof YamlMapping m && !m.flow() && !m.entries().isEmpty()) {
                int step = m.entries().getFirst().key().span().column() - e.key().span().column();
                if (step > 0 && step <= 8) {
                    return step;
                }
            }
        }
        return 2;
    }
}
