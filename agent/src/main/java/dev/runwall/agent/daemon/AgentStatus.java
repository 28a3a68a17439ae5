package dev.runwall.agent.daemon;

import com.fasterxml.jackson.core.JacksonException;
import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What the agent of a network namespace says about itself, in {@code STATE/agent.json}: written at
 * start, updated when it is ready and when it stops, read by {@code runwall agent status|stop} and the
 * supervisor. Whether the agent is still alive is not in here; {@link AgentLock} says that.
 *
 * @param state {@code starting}, {@code running}, {@code stopping}, {@code stopped}, {@code failed}
 *     (start did not complete), or {@code died} (the supervisor found it dead)
 * @param pid the agent's process
 * @param mode {@code audit} or {@code block}
 * @param startedAt when the start began
 * @param enforcingSince when the firewall rules were in the kernel (null: not yet, or no firewall)
 * @param table our nftables table (null: no firewall)
 * @param nflogGroup the NFLOG group
 * @param eventLog the event log
 * @param reportDir where {@code runwall agent stop} writes the report (null under {@code runwall run})
 * @param job the job name for the report, may be null
 * @param supervisorPid the supervisor (audit mode), or 0
 * @param message what went wrong, for {@code failed} and {@code died}
 */
public record AgentStatus(
        String state,
        long pid,
        String mode,
        Instant startedAt,
        Instant enforcingSince,
        String table,
        int nflogGroup,
        String eventLog,
        String reportDir,
        String job,
        long supervisorPid,
        String message) {
    public static final String FILE = "agent.json";
    public static final String STARTING = "starting";
    public static final String RUNNING = "running";
    public static final String STOPPING = "stopping";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";
    public static final String DIED = "died";

    public AgentStatus with(String newState, String newMessage) {
        return new AgentStatus(newState, pid, mode, startedAt, enforcingSince, table, nflogGroup, eventLog, reportDir,
                job, supervisorPid, newMessage);
    }

    public AgentStatus enforcing(Instant since) {
        return new AgentStatus(state, pid, mode, startedAt, since, table, nflogGroup, eventLog, reportDir, job,
                supervisorPid, message);
    }

    public AgentStatus supervisedBy(long supervisor) {
        return new AgentStatus(state, pid, mode, startedAt, enforcingSince, table, nflogGroup, eventLog, reportDir, job,
                supervisor, message);
    }

    /** Whether the agent ended cleanly (nothing of it is left in the kernel or the resolver files). */
    public boolean endedCleanly() {
        return STOPPED.equals(state);
    }

    /** Writes the file atomically (a reader never sees half of it). */
    public void write(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n",
                StandardCharsets.UTF_8);
        try {
            Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads the file; empty when there is none.
     *
     * @throws IOException when it exists but cannot be read or parsed (the message names the file)
     */
    public static Optional<AgentStatus> read(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        try {
            return Optional.of(JsonCodec.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8),
                    AgentStatus.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw new IOException(file + " is damaged (" + JsonCodec.problem(e) + "); remove it after checking"
                    + " that no agent runs ('nft list tables' shows no table of ours)", e);
        }
    }
}
