package dev.runwall.workflow.internal.perm;

/** Access level of one scope; ordered, so that the greater level includes the lesser. */
public enum Level {
    NONE("none"), READ("read"), WRITE("write");

    private final String key;

    Level(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Level of(String key) {
        for (Level l : values()) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        return null;
    }

    public Level max(Level other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public Level min(Level other) {
        return compareTo(other) <= 0 ? this : other;
    }
}
