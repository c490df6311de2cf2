package genmodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every tensor lands on the run's device (docs/dev/engine.md, "Where tensors are made"): a DJL array
 * lives on its manager's device, and every manager descends from one base manager opened on the
 * device that {@code cli/EngineSetup} resolved. This test reads the main sources and fails when a
 * new way around that is added: a base manager without a device or with a fixed one, a device named
 * outside EngineSetup, a copy to a device that is not an existing array's, DJL's system manager, or
 * a TorchScript tensor factory without {@code device=}.
 */
class DevicePlacementTest {

    private static final Path JAVA = Path.of("src/main/java/genmodels");
    private static final Path RESOURCES = Path.of("src/main/resources/genmodels");
    private static final String ENGINE_SETUP = "cli/EngineSetup.java";

    /** TorchScript's factories that take a device (the {@code _like} ones copy their argument's). */
    private static final Pattern FACTORY =
            Pattern.compile("torch\\.(zeros|ones|full|empty|arange|tensor|randn|rand|randint|eye|linspace)\\(");

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** @return "file:line: text" for each match of {@code pattern} in the Java sources, but in {@code allowed} */
    private static List<String> javaMatches(Pattern pattern, String allowed) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files(JAVA, ".java")) {
            String name = JAVA.relativize(file).toString();
            if (name.equals(allowed)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.startsWith("*")
                        && !line.startsWith("//")
                        && pattern.matcher(line).find()) {
                    found.add(name + ":" + (i + 1) + ": " + line);
                }
            }
        }
        return found;
    }

    @Test
    void everyBaseManagerIsOpenedOnTheResolvedDevice() throws IOException {
        assertEquals(
                List.of(),
                javaMatches(Pattern.compile("newBaseManager\\(\\s*(\\)|Device\\.)"), null),
                "NDManager.newBaseManager(device) with the run's device, never without one or with a fixed one");
        assertEquals(
                List.of(),
                javaMatches(Pattern.compile("getSystemManager\\(|Engine\\.getInstance\\(\\)\\.newBaseManager"), null),
                "no manager outside the run's base manager");
    }

    @Test
    void onlyEngineSetupNamesADevice() throws IOException {
        assertEquals(
                List.of(),
                javaMatches(Pattern.compile("Device\\.(cpu|gpu|of|fromName)\\(|defaultDevice\\("), ENGINE_SETUP),
                "devices are resolved once, in " + ENGINE_SETUP + ", from --device");
    }

    @Test
    void copiesGoOnlyToTheDeviceOfAnArrayAlreadyThere() throws IOException {
        List<String> copies = javaMatches(Pattern.compile("\\.toDevice\\("), null);
        assertTrue(!copies.isEmpty(), "the scan finds the existing copies");
        List<String> elsewhere = copies.stream()
                .filter(l -> !Pattern.compile("\\.toDevice\\(\\w+\\.getDevice\\(\\)")
                        .matcher(l)
                        .find())
                .toList();
        assertEquals(List.of(), elsewhere, "toDevice(x.getDevice(), ...) only");
    }

    @Test
    void torchScriptFactoriesNameTheirDevice() throws IOException {
        List<String> missing = new ArrayList<>();
        List<Path> sources = new ArrayList<>(files(RESOURCES, ".torchscript"));
        sources.addAll(files(JAVA, ".java"));
        int factories = 0;
        for (Path file : sources) {
            String text = Files.readString(file);
            Matcher m = FACTORY.matcher(text);
            while (m.find()) {
                factories++;
                String call = callText(text, m.end());
                if (!call.contains("device=")) {
                    missing.add(file + ": " + m.group() + call.replaceAll("\\s+", " "));
                }
            }
        }
        assertTrue(factories > 0, "the scan finds the fused Adam's torch.zeros");
        assertEquals(
                List.of(), missing, "a TorchScript tensor factory without device= makes a CPU tensor on a GPU run");
    }

    /** @return the text of a call's arguments from {@code from} (just after its opening parenthesis) */
    private static String callText(String text, int from) {
        int depth = 1;
        int i = from;
        while (i < text.length() && depth > 0) {
            char c = text.charAt(i++);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return text.substring(from, i);
    }

    @Test
    void theScanCatchesAFactoryWithoutADevice() {
        String script = "x = torch.zeros([2], dtype=None, layout=None,\n    device=ops.prim.device(y))\n"
                + "z = torch.ones(annotate(List[int], [3]), dtype=None)\n";
        Matcher m = FACTORY.matcher(script);
        assertTrue(m.find());
        assertTrue(callText(script, m.end()).contains("device="), "a call over two lines is read whole");
        assertTrue(m.find());
        assertTrue(!callText(script, m.end()).contains("device="), "a call without device= is found");
    }
}
