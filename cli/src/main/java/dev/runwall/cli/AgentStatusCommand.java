package dev.runwall.cli;

import dev.runwall.core.json.JsonCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runwall agent status}: is an agent running here, in which mode, since when. */
@Command(name = "status", mixinStandardHelpOptions = true, description = {
    "Say whether an agent runs in the current network namespace, which mode it enforces and since when.",
    "Exit code 0 when one runs, 3 when none does (the message says whether the last one stopped, failed or died).",
})
public final class AgentStatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print STATE/agent.json with an 'alive' field instead of a sentence.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AgentPresence presence = AgentPresence.here();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("alive", presence.alive());
            out.put("status", presence.status().orElse(null));
            spec.commandLine().getOut().println(JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            spec.commandLine().getOut().println("runwall agent " + presence.describe());
        }
        spec.commandLine().getOut().flush();
        return presence.alive() ? ExitCodes.OK : ExitCodes.STATE;
    }
}
