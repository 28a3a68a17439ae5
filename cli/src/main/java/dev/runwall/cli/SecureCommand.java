package dev.runwall.cli;

import dev.runwall.workflow.AgentRef;
import dev.runwall.workflow.HardeningResult;
import dev.runwall.workflow.ImageDigests;
import dev.runwall.workflow.InvalidRefsFileException;
import dev.runwall.workflow.OfflineRefs;
import dev.runwall.workflow.RefSource;
import dev.runwall.workflow.RegistryDigests;
import dev.runwall.workflow.RepositoryFiles;
import dev.runwall.workflow.SecureOptions;
import dev.runwall.workflow.WorkflowFiles;
import dev.runwall.workflow.WorkflowHardener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runwall secure}: pin actions, set minimal token permissions, add the Runwall step. */
@Command(
        name = "secure",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Hardens GitHub Actions workflows and composite actions: sets minimal GITHUB_TOKEN permissions, "
                    + "pins every action and reusable workflow to a commit SHA with its version as a comment, and adds "
                    + "the Runwall step (egress audit) as the first step of each job. Edits keep every comment and all "
                    + "formatting.",
            "",
            "By default prints a unified diff and the findings; --write edits the files; --check changes nothing "
                    + "and fails when something needs changing (for CI)."
        },
        footer = {
            "",
            "Without --refs, tags and branches are listed online over the git protocol (falling back to the "
                    + "GitHub REST API) and cached; GITHUB_TOKEN or GH_TOKEN from the environment is used when set.",
            "",
            "For secure, exit code 1 means: --check found something to change or an error finding, or an edit "
                    + "was refused; 2: invalid input (a bad option or --agent-ref, a missing path, a --refs file of the "
                    + "wrong shape, a file that is not UTF-8, not valid YAML or not a workflow or action); 3: a file "
                    + "could not be written.",
            "",
            "Examples:",
            "  runwall secure .                      # what would change here",
            "  runwall secure --write .github/       # apply it",
            "  runwall secure --check --format sarif . > runwall.sarif",
            "  runwall secure --refs refs.json --no-agent ci.yml"
        })
public final class SecureCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--write", description = "Edit the files in place.") boolean write;
        @Option(names = "--check", description = "Change nothing; exit 1 when a file needs changes or an error was found.")
        boolean check;
    }

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Findings as text, json or sarif (SARIF 2.1.0). Default: ${DEFAULT-VALUE}.")
    SecureFormat format;

    @Option(names = "--refs", paramLabel = "REFS.json",
            description = "Offline refs: {\"owner/repo\": {\"tags\": {\"v1\": \"<sha>\"}, \"branches\": {…}}}. No network is used.")
    Path refs;

    @Option(names = "--no-pin", description = "Do not pin references (still report them).") boolean noPin;
    @Option(names = "--no-permissions", description = "Do not set permissions.") boolean noPermissions;
    @Option(names = "--no-agent", description = "Do not add the Runwall step.") boolean noAgent;
    @Option(names = "--explain", description = "Write why each permission is granted as a comment.") boolean explain;

    @Option(names = "--agent-ref", paramLabel = "OWNER/REPO@VERSION", defaultValue = "runwall/runwall@v1",
            description = "The action that runs the Runwall agent. Default: ${DEFAULT-VALUE}.")
    String agentRef;

    @Option(names = "--callee", paramLabel = "OWNER/REPO=DIR",
            description = "A local checkout of a repository whose reusable workflows or actions are called (repeatable).")
    List<String> callees = new ArrayList<>();

    @ArgGroup(exclusive = false, heading = "Online resolution:%n")
    SecureOnlineOptions online = new SecureOnlineOptions();

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Workflow files, action.yml files, or folders (a repository root or its .github folder means .github/workflows and every action.yml below the folder).")
    List<Path> paths;

    /** Builds the hardener from the options; tests put in one that spoils its edits, to see them refused. */
    Hardeners hardeners = WorkflowHardener::new;

    /** Whether runwall runs on a terminal, where progress is shown; tests say yes. */
    BooleanSupplier terminal = () -> System.console() != null && System.console().isTerminal();

    interface Hardeners {
        WorkflowHardener create(SecureOptions options, RefSource refs, RepositoryFiles files, ImageDigests digests);
    }

    @Override
    public Integer call() {
        SecureOptions options = options();
        List<Path> files;
        try {
            files = WorkflowFiles.discover(paths);
        } catch (IOException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "cannot read " + e.getMessage()
                    + "; give workflow files or folders that exist");
        }
        RefSource refSource = refSource();
        RepositoryFiles repositoryFiles = SecureCallees.parse(callees, refs == null ? online.files() : RepositoryFiles.NONE);
        ImageDigests digests = refs == null ? new RegistryDigests() : ImageDigests.NONE;
        WorkflowHardener hardener = hardeners.create(options, refSource, repositoryFiles, digests);
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<HardeningResult> results = new SecureRun(hardener, err, terminal.getAsBoolean()).run(files);
        SecureReport report = new SecureReport(spec.commandLine().getOut(), err, format, mode.write, mode.check);
        report.print(results, Duration.ofNanos(System.nanoTime() - start));
        if (mode.write) {
            new SecureWriter(err).write(results);
        }
        return report.exitCode(results);
    }

    private SecureOptions options() {
        AgentRef agent;
        try {
            agent = AgentRef.parse(agentRef);
        } catch (IllegalArgumentException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "--agent-ref: " + e.getMessage());
        }
        return new SecureOptions(!noPin, !noPermissions, !noAgent, agent, explain);
    }

    private RefSource refSource() {
        if (refs == null) {
            return online.refSource(spec.commandLine().getErr());
        }
        try {
            return OfflineRefs.load(refs);
        } catch (IOException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "--refs " + refs + ": cannot read it (" + e.getMessage() + ")");
        } catch (InvalidRefsFileException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "--refs " + e.getMessage());
        }
    }
}
