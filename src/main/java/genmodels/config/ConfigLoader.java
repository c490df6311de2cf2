package genmodels.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import genmodels.errors.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a run config: the command's built-in default, the user's YAML or JSON file on top of it
 * (deep merge: a file may give only the keys it changes), then each {@code --set key.path=value},
 * then Jackson maps the result onto the immutable records, which validate themselves.
 *
 * <p>Every failure is a {@link UserError} with one line saying what is wrong, where (file and line,
 * or the {@code --set} that caused it) and what is allowed.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = newMapper(new YAMLFactory());
    private static final ObjectMapper JSON = newMapper(new JsonFactory());
    private static final ObjectMapper YAML_WRITER = newMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    /** Classpath folder of the shipped configs, which are also the commands' defaults. */
    private static final String BUILT_IN = "/genmodels/configs/";

    private ConfigLoader() {}

    private static ObjectMapper newMapper(JsonFactory factory) {
        factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // a single value where a list is expected is a list of one: components: 10 = components: [10]
        mapper.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        return mapper;
    }

    /**
     * Loads a config.
     *
     * @param builtIn the name of the command's built-in default config, e.g. {@code vae-mnist.yaml}
     * @param file the user's config ({@code .yaml}, {@code .yml} or {@code .json}), or null
     * @param overrides {@code key.path=value} strings, applied in order after the file
     * @param modelType the record of the {@code model} section this command expects
     * @return the validated config
     * @throws UserError on any problem with the file, a key or a value
     */
    public static <M extends ModelConfig> RunConfig<M> load(
            String builtIn, Path file, List<String> overrides, Class<M> modelType) {
        return load(builtIn, file, overrides, modelType, Map.of());
    }

    /**
     * Loads a config whose model has moved some keys since earlier versions: in the file, a value
     * under an old key moves to its new key (so that older run directories still load), and a
     * {@code --set} of an old key sets the new one.
     *
     * @param moved old dotted key to new dotted key, e.g. {@code train.kl_warmup_epochs} to {@code
     *     model.kl_warmup_epochs}
     * @see #load(String, Path, List, Class)
     */
    public static <M extends ModelConfig> RunConfig<M> load(
            String builtIn, Path file, List<String> overrides, Class<M> modelType, Map<String, String> moved) {
        ObjectNode tree = readBuiltIn(builtIn);
        String expectedType = tree.path("model").path("type").asText();
        if (file != null) {
            JsonNode user = readFile(file);
            if (user.isObject()) {
                moved.forEach((from, to) -> move((ObjectNode) user, from, to));
            }
            String userType = user.path("model").path("type").asText(expectedType);
            if (!userType.equals(expectedType)) {
                throw new UserError(where(file, lineOf(file, "/model/type")) + "model.type is '" + userType
                        + "' but this command trains '" + expectedType
                        + "'; use the command for that model or change model.type");
            }
            tree = (ObjectNode) merge(tree, user);
        }
        Map<String, String> applied = new LinkedHashMap<>();
        for (String raw : overrides) {
            applyOverride(tree, renamed(raw, moved), applied);
        }
        if (!expectedType.equals(tree.path("model").path("type").asText())) {
            String raw = "model.type=" + applied.get("model.type");
            throw new UserError("--set " + raw + ": this command trains model.type '" + expectedType
                    + "'; use the command for that model instead");
        }
        JavaType type = YAML.getTypeFactory().constructParametricType(RunConfig.class, modelType);
        try {
            return YAML.readerFor(type).readValue(YAML.treeAsTokens(tree));
        } catch (JsonProcessingException e) {
            throw translate(e, tree, file, applied);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads only {@code model.type} from a config file, to choose the record to load it with.
     *
     * @param file a YAML or JSON config
     * @return the model type, or empty string if the file has none
     * @throws UserError if the file cannot be read or parsed
     */
    public static String modelType(Path file) {
        return readFile(file).path("model").path("type").asText("");
    }

    /**
     * Writes a config as YAML, with every key, in the form {@link #load} reads back.
     *
     * @param config the config
     * @return YAML text
     */
    public static String toYaml(RunConfig<?> config) {
        try {
            return YAML_WRITER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config", e);
        }
    }

    /**
     * @param builtIn the name of a built-in config
     * @return its text, as shipped in {@code configs/}
     */
    public static String builtInText(String builtIn) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(BUILT_IN + builtIn)) {
            if (in == null) {
                throw new IllegalStateException("built-in config missing from the jar: " + builtIn);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode readBuiltIn(String builtIn) {
        try {
            return (ObjectNode) YAML.readTree(builtInText(builtIn));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("built-in config " + builtIn + " is not valid YAML", e);
        }
    }

    private static ObjectMapper mapperFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YAML;
        }
        throw new UserError("config file " + file + " must end in .yaml, .yml or .json");
    }

    private static JsonNode readFile(Path file) {
        ObjectMapper mapper = mapperFor(file);
        if (!Files.isRegularFile(file)) {
            throw new UserError("config file not found: " + file + " (check the path given to --config)");
        }
        JsonNode node;
        try {
            node = mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String kind = mapper == JSON ? "JSON" : "YAML";
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new UserError(
                    where(file, line) + "not valid " + kind + ": " + firstLine(e.getOriginalMessage())
                            + "; fix the syntax at that line",
                    e);
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new UserError(file + ": a config must be a mapping of sections (model, data, train, output), found "
                    + describe(node));
        }
        return node;
    }

    /** Moves the value at dotted path {@code from} to {@code to} (creating sections), if there is one. */
    private static void move(ObjectNode root, String from, String to) {
        String[] source = from.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < source.length - 1 && parent != null; i++) {
            parent = parent.get(source[i]);
        }
        if (!(parent instanceof ObjectNode section) || !section.has(source[source.length - 1])) {
            return;
        }
        JsonNode value = section.remove(source[source.length - 1]);
        String[] target = to.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < target.length - 1; i++) {
            node = node.get(target[i]) instanceof ObjectNode child ? child : node.putObject(target[i]);
        }
        if (!node.has(target[target.length - 1])) {
            node.set(target[target.length - 1], value);
        }
    }

    /** @return {@code raw} with a moved key replaced by its new key */
    private static String renamed(String raw, Map<String, String> moved) {
        int eq = raw.indexOf('=');
        String key = eq > 0 ? raw.substring(0, eq).trim() : raw;
        String to = moved.get(key);
        return to == null ? raw : to + raw.substring(eq);
    }

    /** Deep merge: objects merge key by key, anything else in {@code over} replaces {@code base}. */
    static JsonNode merge(JsonNode base, JsonNode over) {
        if (base != null && base.isObject() && over.isObject()) {
            ObjectNode out = ((ObjectNode) base).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.set(field.getKey(), merge(out.get(field.getKey()), field.getValue()));
            }
            return out;
        }
        return over.deepCopy();
    }

    private static void applyOverride(ObjectNode root, String raw, Map<String, String> applied) {
        int eq = raw.indexOf('=');
        if (eq <= 0) {
            throw new UserError("--set " + raw + ": expected key.path=value, for example --set train.epochs=5");
        }
        String key = raw.substring(0, eq).trim();
        String text = raw.substring(eq + 1).trim();
        String[] parts = key.split("\\.", -1);
        JsonNode node = root;
        String section = "";
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (!node.isObject() || !node.has(part) || (!last && !node.get(part).isObject())) {
                String in = section.isEmpty() ? "at the top level" : "in section '" + section + "'";
                throw new UserError("--set " + raw + ": unknown key '" + part + "' " + in + "; known keys: "
                        + String.join(", ", keys(node)) + suggestion(part, keys(node)));
            }
            if (last) {
                ((ObjectNode) node).set(part, parseValue(text, node.get(part)));
            } else {
                node = node.get(part);
                section = section.isEmpty() ? part : section + "." + part;
            }
        }
        applied.put(key, text);
    }

    /** A {@code --set} value is read as YAML, so numbers, lists ([512, 256]) and null keep their types. */
    private static JsonNode parseValue(String text, JsonNode current) {
        if (text.isEmpty()) {
            return TextNode.valueOf("");
        }
        try {
            JsonNode parsed = YAML.readTree(text);
            if (parsed == null
                    || parsed.isMissingNode()
                    || (parsed.isObject() && !current.isObject() && !current.isNull())) {
                return TextNode.valueOf(text);
            }
            return parsed;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static UserError translate(
            JsonProcessingException e, JsonNode tree, Path file, Map<String, String> applied) {
        List<Object> path = new ArrayList<>();
        if (e instanceof JsonMappingException jme) {
            for (JsonMappingException.Reference ref : jme.getPath()) {
                path.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
            }
        }
        String message;
        if (e instanceof UnrecognizedPropertyException upe) {
            List<Object> sectionPath = path.subList(0, Math.max(0, path.size() - 1));
            String section = dotted(sectionPath);
            List<String> known = new ArrayList<>();
            Collection<Object> ids = upe.getKnownPropertyIds();
            if (ids != null) {
                ids.forEach(id -> known.add(String.valueOf(id)));
            }
            String in = section.isEmpty() ? "at the top level" : "in section '" + section + "'";
            message = "unknown key '" + upe.getPropertyName() + "' " + in + "; known keys: "
                    + String.join(", ", new TreeSet<>(known)) + suggestion(upe.getPropertyName(), known);
        } else if (e instanceof ValueInstantiationException && e.getCause() instanceof ConfigException ce) {
            path.addAll(List.of(ce.key().split("\\.")));
            message = dotted(path) + " " + ce.problem();
        } else if (e instanceof MismatchedInputException mie) {
            String expected = describeType(mie.getTargetType());
            JsonNode found = nodeAt(tree, path);
            if (e instanceof InvalidFormatException ife && found == null) {
                found = TextNode.valueOf(String.valueOf(ife.getValue()));
            }
            message = dotted(path) + " must be " + expected + ", found " + (found == null ? "?" : describe(found));
        } else {
            message = (path.isEmpty() ? "" : dotted(path) + ": ") + firstLine(e.getOriginalMessage());
        }
        String key = dotted(path);
        for (Map.Entry<String, String> set : applied.entrySet()) {
            if (key.equals(set.getKey()) || key.startsWith(set.getKey() + ".") || key.startsWith(set.getKey() + "[")) {
                return new UserError("--set " + set.getKey() + "=" + set.getValue() + ": " + message, e);
            }
        }
        if (file != null) {
            int line = -1;
            for (int end = path.size(); end > 0 && line < 0; end--) {
                line = lineOf(file, pointer(path.subList(0, end))); // the nearest key the file has
            }
            return new UserError(where(file, line) + message, e);
        }
        return new UserError("config: " + message, e);
    }

    private static JsonNode nodeAt(JsonNode tree, List<Object> path) {
        JsonNode node = tree;
        for (Object step : path) {
            if (step instanceof Integer && !node.isArray()) {
                continue; // a single value read as a list of one
            }
            node = step instanceof Integer i ? node.get(i) : node.get(String.valueOf(step));
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static String dotted(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(step);
            }
        }
        return sb.toString();
    }

    private static String pointer(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object step : path) {
            sb.append('/').append(String.valueOf(step).replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    /** The 1-based line of the key at {@code pointer} (e.g. {@code /train/epochs}) in the file, or -1. */
    static int lineOf(Path file, String pointer) {
        try (JsonParser parser = mapperFor(file).getFactory().createParser(file.toFile())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.END_OBJECT
                        && token != JsonToken.END_ARRAY
                        && parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return parser.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException | UserError e) {
            return -1;
        }
        return -1;
    }

    private static String where(Path file, int line) {
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    private static String describeType(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list such as [400]";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "a section (a mapping of keys)";
        }
        return "a " + type.getSimpleName();
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a section " + abbreviate(node.toString());
        }
        if (node.isArray()) {
            return "a list " + abbreviate(node.toString());
        }
        if (node.isTextual()) {
            return "'" + abbreviate(node.asText()) + "'";
        }
        return abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable input";
        }
        String first = text.strip().split("\\R", 2)[0];
        return abbreviate(first.replaceAll("\\s*\\(for Object starting at.*$", ""));
    }

    /** " (did you mean 'epochs'?)" when one known key is within two edits of the unknown one. */
    private static String suggestion(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = editDistance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
