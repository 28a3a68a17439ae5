package dev.runwall.workflow.internal.kb;

import dev.runwall.workflow.internal.perm.Permissions;
import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlParser;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import dev.runwall.workflow.internal.yaml.YamlSequence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actions Runwall knows, from {@code actions.yml} (ours, written from each action's docs). A
 * malformed entry is a bug in Runwall: loading fails with IllegalStateException naming it.
 */
public final class ActionKnowledgeBase {
    private static final String RESOURCE = "/dev/runwall/workflow/actions.yml";
    private static final Set<String> FIELDS = Set.of("docs", "token", "permissions", "rules", "defaults",
            "persists-credentials", "pushes-with-checkout-credentials", "analyze");
    private final Map<String, ActionInfo> actions;

    private ActionKnowledgeBase(Map<String, ActionInfo> actions) {
        this.actions = Map.copyOf(actions);
    }

    /** The knowledge base shipped with Runwall. */
    public static ActionKnowledgeBase builtIn() {
        try (InputStream in = ActionKnowledgeBase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ActionKnowledgeBase parse(String yaml) {
        YamlNode root;
        try {
            root = new YamlParser().parse(yaml).root();
        } catch (dev.runwall.workflow.WorkflowParseException e) {
            throw new IllegalStateException("actions.yml line " + e.line() + ": " + e.getMessage(), e);
        }
        Map<String, ActionInfo> out = new HashMap<>();
        for (YamlMapping.Entry e : ((YamlMapping) root).entries()) {
            String key = ((YamlScalar) e.key()).value();
            try {
                out.put(key.toLowerCase(Locale.ROOT), entry(key.toLowerCase(Locale.ROOT), (YamlMapping) YamlDocument.resolve(e.value())));
            } catch (RuntimeException ex) {
                throw new IllegalStateException("actions.yml entry " + key + " (line " + e.key().span().line() + "): " + ex.getMessage(), ex);
            }
        }
        return new ActionKnowledgeBase(out);
    }

    private static ActionInfo entry(String key, YamlMapping m) {
        for (YamlMapping.Entry e : m.entries()) {
            String field = ((YamlScalar) e.key()).value();
            if (!FIELDS.contains(field)) {
                throw new IllegalStateException("unknown field " + field);
            }
        }
        String docs = YamlDocument.text(m, "docs");
        if (docs == null || !docs.startsWith("https://")) {
            throw new IllegalStateException("every entry needs a docs URL");
        }
        ActionInfo.TokenSpec token = null;
        if (YamlDocument.get(m, "token") instanceof YamlMapping t) {
            token = new ActionInfo.TokenSpec(strings(YamlDocument.get(t, "inputs")), strings(YamlDocument.get(t, "env")),
                    "github".equals(YamlDocument.text(t, "default")));
        }
        List<ActionInfo.InputRule> rules = new ArrayList<>();
        if (YamlDocument.get(m, "rules") instanceof YamlSequence seq) {
            for (YamlNode item : seq.items()) {
                YamlMapping r = (YamlMapping) YamlDocument.resolve(item);
                rules.add(new ActionInfo.InputRule(stringMap(YamlDocument.get(r, "when")), permissions(YamlDocument.get(r, "permissions"))));
            }
        }
        return new ActionInfo(key, docs, token, permissions(YamlDocument.get(m, "permissions")), rules,
                stringMap(YamlDocument.get(m, "defaults")), YamlDocument.text(m, "persists-credentials"),
                "true".equals(YamlDocument.text(m, "pushes-with-checkout-credentials")), YamlDocument.text(m, "analyze"));
    }

    private static Permissions permissions(YamlNode node) {
        if (node == null) {
            return Permissions.NONE;
        }
        return Permissions.parse(node).orElseThrow(() -> new IllegalStateException("bad permissions at line " + node.span().line()));
    }

    private static List<String> strings(YamlNode node) {
        List<String> out = new ArrayList<>();
        if (node instanceof YamlSequence s) {
            s.items().forEach(i -> out.add(((YamlScalar) YamlDocument.resolve(i)).value()));
        } else if (node instanceof YamlScalar s) {
            out.add(s.value());
        }
        return out;
    }

    private static Map<String, String> stringMap(YamlNode node) {
        Map<String, String> out = new HashMap<>();
        if (node instanceof YamlMapping m) {
            for (YamlMapping.Entry e : m.entries()) {
                out.put(((YamlScalar) e.key()).value(), ((YamlScalar) YamlDocument.resolve(e.value())).value());
            }
        }
        return out;
    }

    /** The entry for {@code owner/repo[/path]}, or the repository's {@code owner/repo/*} entry. */
    public Optional<ActionInfo> lookup(String action) {
        String key = action.toLowerCase(Locale.ROOT);
        ActionInfo exact = actions.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        String[] parts = key.split("/", 3);
        return parts.length >= 2 ? Optional.ofNullable(actions.get(parts[0] + "/" + parts[1] + "/*")) : Optional.empty();
    }

    public int size() {
        return actions.size();
    }

    public Map<String, ActionInfo> all() {
        return actions;
    }
}
