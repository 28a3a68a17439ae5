package dev.runwall.workflow.internal;

import dev.runwall.workflow.Finding;
import dev.runwall.workflow.Rule;
import dev.runwall.workflow.SecureOptions;
import dev.runwall.workflow.Severity;
import dev.runwall.workflow.internal.model.Job;
import dev.runwall.workflow.internal.model.Step;
import dev.runwall.workflow.internal.model.UsesRef;
import dev.runwall.workflow.internal.model.Workflow;
import dev.runwall.workflow.internal.patch.Patch;
import dev.runwall.workflow.internal.yaml.SourceText;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
    private Map<Integer, Integer> referenceLines;

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

    /**
     * How many {@code owner/repo@ref} references are on {@code line}: those of the original text plus
     * those added by {@link #addedReferenceOn(int)}.
     */
    public int referencesOn(int line) {
        return referenceLines().getOrDefault(line, 0);
    }

    /** Counts a reference that an edit adds on {@code line} of the original text (the Runwall step in flow style). */
    public void addedReferenceOn(int line) {
        referenceLines().merge(line, 1, Integer::sum);
    }

    private Map<Integer, Integer> referenceLines() {
        if (referenceLines == null) {
            referenceLines = new HashMap<>();
            Set<YamlScalar> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<YamlScalar> uses = new ArrayList<>();
            workflow.jobs().stream().map(Job::uses).forEach(uses::add);
            workflow.allSteps().stream().map(Step::uses).forEach(uses::add);
            for (YamlScalar u : uses) {
                if (u != null && seen.add(u) && UsesRef.parse(u.value()) instanceof UsesRef.Remote) {
                    referenceLines.merge(u.span().line(), 1, Integer::sum);
                }
            }
        }
        return referenceLines;
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
