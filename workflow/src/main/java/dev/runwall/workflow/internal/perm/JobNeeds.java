package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.internal.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job needs from {@code GITHUB_TOKEN}, with reasons; {@code unknowns} lists what kept the
 * analysis from being complete (an unknown action, a token passed somewhere we cannot follow).
 */
public final class JobNeeds {
    private final List<Grant> grants = new ArrayList<>();
    private final Map<String, YamlNode> unknowns = new LinkedHashMap<>();
    private YamlNode at;

    /** Where later unknowns are reported (the step being analysed). */
    public void at(YamlNode node) {
        at = node;
    }

    public void grant(Scope scope, Level level, String reason) {
        if (level != Level.NONE) {
            grants.add(new Grant(scope, level, reason));
        }
    }

    public void grantAll(Permissions permissions, String reason) {
        permissions.ordered().forEach((s, l) -> grant(s, l, reason));
    }

    public void unknown(String why) {
        unknowns.putIfAbsent(why, at);
    }

    public void addAll(JobNeeds other) {
        grants.addAll(other.grants);
        other.unknowns.forEach(unknowns::putIfAbsent);
    }

    public boolean complete() {
        return unknowns.isEmpty();
    }

    /** Why the needs are incomplete, each with the node (step) it is about; may be null. */
    public Map<String, YamlNode> unknowns() {
        return java.util.Collections.unmodifiableMap(unknowns);
    }

    public List<Grant> grants() {
        return List.copyOf(grants);
    }

    public Permissions permissions() {
        Permissions p = Permissions.NONE;
        for (Grant g : grants) {
            p = p.union(Permissions.of(g.scope(), g.level()));
        }
        return p;
    }

    /** The first reason for the level {@code scope} has in {@link #permissions()}. */
    public String reason(Scope scope) {
        Level level = permissions().level(scope);
        for (Grant g : grants) {
            if (g.scope() == scope && g.level() == level) {
                return g.reason();
            }
        }
        return "";
    }
}
