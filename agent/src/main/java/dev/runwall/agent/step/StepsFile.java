package dev.runwall.agent.step;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Parses a steps file: a YAML list of {@code {name, run}} mappings, like the steps of a GitHub job.
 *
 * <pre>
 * - name: Restore packages
 *   run: curl -fsS http://api.nuget.org/v3/index.json
 * - name: Build
 *   run: |
 *     make all
 * </pre>
 */
public final class StepsFile {
    private StepsFile() {}

    public static List<StepSpec> read(Path file) throws IOException, StepsFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new StepsFileException(file + ": not UTF-8 text (save the steps file as UTF-8)");
        }
        return parse(text, file.toString());
    }

    public static List<StepSpec> parse(String text, String source) throws StepsFileException {
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).setCodePointLimit(4 * 1024 * 1024).build();
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> source + ":" + (m.getLine() + 1)).orElse(source);
            throw new StepsFileException(where + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new StepsFileException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root.isEmpty() || !(root.get() instanceof SequenceNode seq)) {
            throw new StepsFileException(where(source, root.orElse(null))
                    + ": a steps file is a list of steps, e.g. '- name: Build' / '  run: make'");
        }
        List<StepSpec> steps = new ArrayList<>();
        for (Node item : seq.getValue()) {
            steps.add(step(item, source, steps.size() + 1));
        }
        if (steps.isEmpty()) {
            throw new StepsFileException(source + ": the list of steps is empty");
        }
        return steps;
    }

    private static StepSpec step(Node item, String source, int index) throws StepsFileException {
        if (!(item instanceof MappingNode map)) {
            throw new StepsFileException(where(source, item) + ": step " + index + " must be a mapping with 'name' and 'run'");
        }
        String name = null;
        String run = null;
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), source, "a key");
            switch (key) {
                case "name" -> name = scalar(t.getValueNode(), source, "'name'");
                case "run" -> run = scalar(t.getValueNode(), source, "'run'");
                default -> throw new StepsFileException(where(source, t.getKeyNode()) + ": step " + index
                        + ": unknown key '" + key + "' (a step has 'name' and 'run')");
            }
        }
        if (run == null || run.isBlank()) {
            throw new StepsFileException(where(source, item) + ": step " + index + " has no 'run' script");
        }
        return StepSpec.script(name == null ? "Step " + index : name, run);
    }

    private static String scalar(Node node, String source, String what) throws StepsFileException {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new StepsFileException(where(source, node) + ": " + what + " must be text");
    }

    private static String where(String source, Node node) {
        if (node == null) {
            return source;
        }
        return node.getStartMark().map(m -> source + ":" + (m.getLine() + 1)).orElse(source);
    }
}
