package genmodels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import genmodels.errors.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the shipped configs at random and loads each mutant: every case must either load or
 * fail with a one-line {@link UserError} (exit 2 on the command line), never anything else.
 */
class ConfigFuzzTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** model.type to its built-in config and record: every registered model, then the density fits. */
    private static final Map<String, Object[]> TYPES = types();

    private static Map<String, Object[]> types() {
        Map<String, Object[]> types = new java.util.HashMap<>();
        for (genmodels.models.ModelDefinition<?> d : genmodels.models.Models.ALL) {
            types.put(d.type(), new Object[] {d.builtInConfig(), d.configType()});
        }
        for (genmodels.fit.FitDefinition<?> f : genmodels.fit.Fits.ALL) {
            types.put(f.modelType(), new Object[] {f.builtInConfig(), f.configType()});
        }
        return types;
    }

    @TempDir
    Path dir;

    @Test
    void fiveHundredMutatedConfigsLoadOrFailWithOneLine() throws Exception {
        List<Path> shipped;
        try (var files = Files.list(Path.of("configs"))) {
            shipped = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        Random random = new Random(20261121);
        int cases = 0;
        int loaded = 0;
        int[] perKind = new int[8];
        java.util.Set<Path> mutated = new java.util.HashSet<>();
        while (cases < 600) {
            Path source = shipped.get(random.nextInt(shipped.size()));
            mutated.add(source);
            JsonNode original = YAML.readTree(source.toFile());
            String type = original.path("model").path("type").asText();
            Object[] target = TYPES.get(type);
            int kind = random.nextInt(8);
            perKind[kind]++;
            boolean json = random.nextBoolean();
            Path file = dir.resolve("case-" + cases + (json ? ".json" : ".yaml"));
            switch (kind) {
                case 0 -> write(file, json, deleteRandomKey(original.deepCopy(), random));
                case 1 -> write(file, json, replaceRandomNode(original.deepCopy(), random, randomValue(random)));
                case 2 -> {
                    byte[] bytes = new byte[random.nextInt(400)];
                    random.nextBytes(bytes);
                    Files.write(file, bytes);
                }
                case 3 -> Files.writeString(file, deep(random.nextInt(3000), json));
                case 4 -> write(file, json, replaceRandomNode(original.deepCopy(), random, huge(random)));
                case 5 -> {
                    String text = YAML.writeValueAsString(original);
                    Files.writeString(file, text.substring(0, random.nextInt(text.length() + 1)));
                }
                case 6 ->
                    Files.writeString(
                            dir.resolve("case-" + cases + ".yaml"), aliasBomb(random), StandardCharsets.UTF_8);
                default -> {
                    String text = YAML.writeValueAsString(original);
                    int cut = random.nextInt(text.length() + 1);
                    Files.writeString(file, text.substring(0, cut) + randomText(random) + text.substring(cut));
                }
            }
            Path written = kind == 6 ? dir.resolve("case-" + cases + ".yaml") : file;
            try {
                @SuppressWarnings({"unchecked", "rawtypes"})
                RunConfig<?> config = ConfigLoader.load((String) target[0], written, List.of(), (Class) target[1]);
                assertTrue(config != null);
                loaded++;
            } catch (UserError e) {
                String m = e.getMessage();
                if (m == null || m.isBlank() || m.contains("\n")) {
                    fail("case " + cases + " (" + kind + ", " + source + "): not one line: " + m);
                }
            } catch (Throwable t) {
                fail("case " + cases + " (mutation " + kind + " of " + source + ", " + written + "): " + t, t);
            }
            cases++;
        }
        // every mutation kind ran often enough to count, and every shipped config was mutated
        for (int kind = 0; kind < perKind.length; kind++) {
            assertTrue(perKind[kind] >= 40, "mutation " + kind + " ran only " + perKind[kind] + " times");
        }
        assertEquals(new java.util.HashSet<>(shipped), mutated, "shipped configs never mutated");
        assertTrue(loaded > 20 && loaded < cases - 100, "both outcomes happen: " + loaded + " of " + cases + " loaded");
    }

    private static void write(Path file, boolean json, JsonNode tree) throws Exception {
        Files.writeString(file, (json ? JSON : YAML).writeValueAsString(tree));
    }

    /** All object nodes with their field names, for choosing a place at random. */
    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode o) {
            objects.add(o);
        }
        node.elements().forEachRemaining(child -> collect(child, objects));
    }

    private static JsonNode deleteRandomKey(JsonNode root, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode o = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        if (!names.isEmpty()) {
            o.remove(names.get(random.nextInt(names.size())));
        }
        return root;
    }

    private static JsonNode replaceRandomNode(JsonNode root, Random random, JsonNode value) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode o = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() || random.nextInt(5) == 0
                ? "x" + random.nextInt(9)
                : names.get(random.nextInt(names.size()));
        o.set(name, value);
        return root;
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.numberNode(random.nextGaussian() * 1e3);
            case 2 -> NODES.textNode(randomText(random));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add(random.nextInt(100)).add("a").add(NODES.objectNode());
            case 6 -> NODES.objectNode().put("k", random.nextInt());
            case 7 -> NODES.textNode("NaN");
            default -> NODES.numberNode(-random.nextInt(1000));
        };
    }

    private static JsonNode huge(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(1e308);
            case 1 -> NODES.numberNode(-1e308);
            case 2 -> NODES.numberNode(Long.MAX_VALUE);
            case 3 -> NODES.numberNode(new java.math.BigInteger("9".repeat(60)));
            case 4 -> NODES.textNode("1e400");
            default -> NODES.numberNode(Integer.MIN_VALUE);
        };
    }

    /** model.hidden nested {@code depth} lists deep, as text (Jackson's writer stops at 1,000 levels). */
    private static String deep(int depth, boolean json) {
        String nested = "[".repeat(depth) + "1" + "]".repeat(depth);
        return json ? "{\"model\": {\"hidden\": " + nested + "}}" : "model:\n  hidden: " + nested + "\n";
    }

    private static String randomText(Random random) {
        String alphabet = "ab:{}[],-# \n\t'\"&*!|>%@`\u00e9\u0000";
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A small "billion laughs": aliases that expand exponentially. */
    private static String aliasBomb(Random random) {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i > 0 ? ", " : "").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        sb.append("model: {type: vae, hidden: *")
                .append((char) ('a' + random.nextInt(10)))
                .append("}\n");
        return sb.toString();
    }
}
