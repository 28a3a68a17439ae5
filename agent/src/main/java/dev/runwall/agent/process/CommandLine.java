package dev.runwall.agent.process;

import dev.runwall.core.event.SecretRedactor;
import java.util.List;

/**
 * The arguments of a process, redacted the first time anyone reads them: most processes of a build (the
 * compiler's passes, the linker) never make a call that ends up in an event, so they never pay for the
 * redaction's regular expressions. The unredacted arguments never leave this class.
 */
public final class CommandLine {
    private final List<String> unredacted;
    private volatile List<String> redacted;

    private CommandLine(List<String> unredacted) {
        this.unredacted = List.copyOf(unredacted);
    }

    /** A command line as the kernel or procfs gave it (secrets and all). */
    public static CommandLine of(List<String> unredacted) {
        return new CommandLine(unredacted);
    }

    /** The arguments with secrets redacted ({@link SecretRedactor#redactArgs}), computed once. */
    public List<String> redacted() {
        List<String> r = redacted;
        if (r == null) {
            r = List.copyOf(SecretRedactor.redactArgs(unredacted));
            redacted = r;
        }
        return r;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CommandLine c && c.unredacted.equals(unredacted);
    }

    @Override
    public int hashCode() {
        return unredacted.hashCode();
    }

    @Override
    public String toString() {
        return redacted().toString();
    }
}
