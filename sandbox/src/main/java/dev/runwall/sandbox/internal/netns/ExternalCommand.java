package dev.runwall.sandbox.internal.netns;

import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.SandboxException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a process to completion with a timeout, capturing its output; kills its whole tree on timeout. */
public final class ExternalCommand {

    public static ExecResult run(List<String> command, Duration timeout) {
        return run(command, timeout, new byte[0]);
    }

    public static ExecResult run(List<String> command, Duration timeout, byte[] stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.STATE,
                    "cannot start '" + command.getFirst() + "' (" + e.getMessage() + "): is it installed?", e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the command does not read its input: not our concern
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new SandboxException(SandboxException.Reason.STATE, "'" + String.join(" ", command)
                        + "' did not finish within " + timeout.toSeconds() + " s and was killed");
            }
            return new ExecResult(command, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Reason.STATE, "interrupted while running " + command.getFirst(), e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("cannot read the output of " + command.getFirst(), (IOException) e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        var future = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                var buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                future.complete(buffer.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    private ExternalCommand() {}
}
