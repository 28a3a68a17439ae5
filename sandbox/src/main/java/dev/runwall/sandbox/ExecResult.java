package dev.runwall.sandbox;

import java.util.List;

/** A finished command: its exit code and everything it wrote (UTF-8). */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {
    public ExecResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result if the command exited 0; otherwise an exception showing the command and its output. */
    public ExecResult requireSuccess() {
        if (!succeeded()) {
            throw new IllegalStateException(describe());
        }
        return this;
    }

    /** The command, exit code and output, for failure messages. */
    public String describe() {
        return "'" + String.join(" ", command) + "' exited " + exitCode
                + (stdout.isBlank() ? "" : "\n--- stdout ---\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\n--- stderr ---\n" + stderr.strip());
    }
}
