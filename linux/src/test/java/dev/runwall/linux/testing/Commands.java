package dev.runwall.linux.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands for integration tests, always with a timeout. */
public final class Commands {
    private Commands() {}

    public record Result(int exitCode, String output) {}

    /** Runs the command, returns its combined output; fails the test on timeout or non-zero exit. */
    public static String run(String... command) {
        Result result = runAllowingFailure(Duration.ofSeconds(30), List.of(command));
        if (result.exitCode() != 0) {
            throw new AssertionError("command failed (exit " + result.exitCode() + "): " + String.join(" ", command)
                    + "\n" + result.output());
        }
        return result.output();
    }

    public static Result runAllowingFailure(Duration timeout, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // output of the commands tests run is small; reading after exit cannot dead-lock on a full pipe
            // for these sizes, but read concurrently anyway to be safe
            var output = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.complete("(output unreadable: " + e + ")");
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("command timed out after " + timeout + ": " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command.getFirst() + " (is it installed?): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new AssertionError("command " + String.join(" ", command) + " failed: " + e, e);
        }
    }
}
