package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.internal.yaml.YamlDocument;
import dev.runwall.workflow.internal.yaml.YamlMapping;
import dev.runwall.workflow.internal.yaml.YamlNode;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** A set of scope grants; scopes not listed are {@link Level#NONE}. Immutable. */
public final class Permissions {
    public static final Permissions NONE = new Permissions(new EnumMap<>(Scope.class));
    /** What a job gets when nothing is declared: possibly write to everything (repository setting). */
    public static final Permissions ALL = all(Level.WRITE);

    private final EnumMap<Scope, Level> levels;

    private Permissions(EnumMap<Scope, Level> levels) {
        this.levels = levels;
        levels.values().removeIf(l -> l == Level.NONE);
        // id-token has no read level: "read" grants nothing
        if (levels.get(Scope.ID_TOKEN) == Level.READ) {
            levels.remove(Scope.ID_TOKEN);
        }
    }

    public static Permissions of(Scope scope, Level level) {
        return NONE.with(scope, level);
    }

    private static Permissions all(Level level) {
        EnumMap<Scope, Level> m = new EnumMap<>(Scope.class);
        for (Scope s : Scope.values()) {
            m.put(s, level);
        }
        return new Permissions(m);
    }

    /**
     * Reads a {@code permissions:} value: {@code read-all}, {@code write-all}, {@code {}} or a mapping of
     * scope to level. Empty when it is anything else (an expression, an unknown scope): such a block
     * is never edited.
     */
    public static Optional<Permissions> parse(YamlNode node) {
        YamlNode n = YamlDocument.resolve(node);
        if (n instanceof YamlScalar s) {
            return switch (s.value()) {
                case "read-all" -> Optional.of(all(Level.READ));
                case "write-all" -> Optional.of(all(Level.WRITE));
                default -> Optional.empty();
            };
        }
        if (!(n instanceof YamlMapping m)) {
            return Optional.empty();
        }
        EnumMap<Scope, Level> levels = new EnumMap<>(Scope.class);
        for (YamlMapping.Entry e : m.entries()) {
            if (!(e.key() instanceof YamlScalar k) || !(YamlDocument.resolve(e.value()) instanceof YamlScalar v)) {
                return Optional.empty();
            }
            Scope scope = Scope.of(k.value());
            Level level = Level.of(v.value());
            if (scope == null || level == null) {
                return Optional.empty();
            }
            levels.put(scope, level);
        }
        return Optional.of(new Permissions(levels));
    }

    public Level level(Scope scope) {
        return levels.getOrDefault(scope, Level.NONE);
    }

    public Permissions with(Scope scope, Level level) {
        EnumMap<Scope, Level> m = copy();
        m.put(scope, level);
        return new Permissions(m);
    }

    public Permissions union(Permissions other) {
        EnumMap<Scope, Level> m = copy();
        other.levels.forEach((s, l) -> m.merge(s, l, Level::max));
        return new Permissions(m);
    }

    public Permissions intersect(Permissions other) {
        EnumMap<Scope, Level> m = new EnumMap<>(Scope.class);
        for (Scope s : Scope.values()) {
            m.put(s, level(s).min(other.level(s)));
        }
        return new Permissions(m);
    }

    /** What this grants beyond {@code other}. */
    public Permissions minus(Permissions other) {
        EnumMap<Scope, Level> m = new EnumMap<>(Scope.class);
        levels.forEach((s, l) -> {
            if (l.compareTo(other.level(s)) > 0) {
                m.put(s, l);
            }
        });
        return new Permissions(m);
    }

    public boolean includes(Permissions other) {
        return other.minus(this).isEmpty();
    }

    public boolean isEmpty() {
        return levels.isEmpty();
    }

    /** Scopes with a level other than none, in the order of {@link Scope}. */
    public Map<Scope, Level> grants() {
        return Map.copyOf(levels);
    }

    public EnumMap<Scope, Level> ordered() {
        return copy();
    }

    private EnumMap<Scope, Level> copy() {
        return levels.isEmpty() ? new EnumMap<>(Scope.class) : new EnumMap<>(levels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permissions p && p.levels.equals(levels);
    }

    @Override
    public int hashCode() {
        return levels.hashCode();
    }

    /** {@code contents: read, issues: write}, or {@code {}} when empty. */
    @Override
    public String toString() {
        if (levels.isEmpty()) {
            return "{}";
        }
        StringJoiner j = new StringJoiner(", ");
        levels.forEach((s, l) -> j.add(s.key() + ": " + l.key()));
        return j.toString();
    }
}
