package dev.runwall.cli;

import dev.runwall.workflow.Finding;
import dev.runwall.workflow.HardeningResult;
import dev.runwall.workflow.Rule;
import dev.runwall.workflow.Severity;
import dev.runwall.workflow.WorkflowHardener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.List;

/** Reads each file (strict UTF-8) and hardens it, showing progress on a terminal when there are many. */
final class SecureRun {
    static final int PROGRESS_FROM = 50;
    private final WorkflowHardener hardener;
    private final PrintWriter err;
    private final boolean terminal;

    /** {@code terminal}: whether progress lines (rewritten in place with a carriage return) can be shown. */
    SecureRun(WorkflowHardener hardener, PrintWriter err, boolean terminal) {
        this.hardener = hardener;
        this.err = err;
        this.terminal = terminal;
    }

    /** Hardens every file, on all cores; the results keep the order of {@code files}. */
    List<HardeningResult> run(List<Path> files) {
        boolean progress = terminal && files.size() >= PROGRESS_FROM;
        HardeningResult[] results = new HardeningResult[files.size()];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            results[i] = one(files.get(i));
            int n = done.incrementAndGet();
            if (progress && n % 25 == 0) {
                synchronized (err) {
                    err.print("\rsecure: " + n + "/" + files.size() + " files");
                    err.flush();
                }
            }
        });
        if (progress) {
            // from this thread, after all others: the last line shown is the complete count
            err.println("\rsecure: " + files.size() + "/" + files.size() + " files");
            err.flush();
        }
        return List.of(results);
    }

    private HardeningResult one(Path file) {
        String name = file.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return invalid(name, "not UTF-8 text; GitHub reads workflow files as UTF-8");
        } catch (IOException e) {
            return invalid(name, "cannot read the file: " + e.getMessage());
        }
        return hardener.harden(name, file, text);
    }

    private static HardeningResult invalid(String name, String why) {
        Finding f = new Finding(Rule.INVALID_WORKFLOW, Severity.ERROR, why, name, 0, 0, false);
        return new HardeningResult(name, "", "", List.of(f), HardeningResult.Outcome.INVALID);
    }
}
