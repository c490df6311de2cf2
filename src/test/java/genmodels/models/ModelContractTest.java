package genmodels.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.TestData;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model contract holds: what is particular to a model stays in its folder, and every
 * registered model, built from every shipped config of its type, states a consistent contract.
 */
class ModelContractTest {

    private static final Path MAIN = Path.of("src/main/java/genmodels");

    /** @return the model folders: the sub-packages of genmodels.models */
    private static List<String> modelPackages() throws IOException {
        try (Stream<Path> entries = Files.list(MAIN.resolve("models"))) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** @return whether the file is inside a model's folder or is the registry */
    private static boolean allowed(Path file) {
        Path relative = MAIN.relativize(file);
        return relative.startsWith("models")
                && (relative.getNameCount() > 2
                        || relative.getFileName().toString().equals("Models.java"));
    }

    @Test
    void noMainClassOutsideTheModelFoldersAndTheRegistryNamesASpecificModel() throws IOException {
        List<String> packages = modelPackages();
        assertTrue(
                packages.containsAll(List.of("vae", "ae", "swae", "gan", "diffusion", "classifier")),
                packages.toString());
        Pattern reference = Pattern.compile("genmodels\\.models\\.(" + String.join("|", packages) + ")\\.");
        List<String> offenders = new ArrayList<>();
        for (Path file : mainSources()) {
            if (allowed(file)) {
                continue;
            }
            Matcher m = reference.matcher(Files.readString(file));
            if (m.find()) {
                offenders.add(MAIN.relativize(file) + " names genmodels.models." + m.group(1));
            }
        }
        assertEquals(List.of(), offenders, "only a model's folder and models/Models.java may name a specific model");
    }

    @Test
    void noMainClassOutsideTheModelFoldersBranchesOnAModelsTypeOrCommand() throws IOException {
        Set<String> names = new HashSet<>();
        for (ModelDefinition<?> d : Models.ALL) {
            names.add("\"" + d.type() + "\"");
            names.add("\"" + d.command() + "\"");
        }
        names.remove("\"classifier\""); // also the name of the output.classifier key
        List<String> offenders = new ArrayList<>();
        for (Path file : mainSources()) {
            if (allowed(file)) {
                continue;
            }
            String text = Files.readString(file);
            for (String name : names) {
                if (text.contains(name)) {
                    offenders.add(MAIN.relativize(file) + " holds the literal " + name);
                }
            }
        }
        assertEquals(List.of(), offenders, "the centre loops over the contract instead of naming models");
    }

    @Test
    void everyRegisteredModelLivesInItsOwnFolderWithAShippedConfig() throws IOException {
        Set<String> types = new HashSet<>();
        for (ModelDefinition<?> d : Models.ALL) {
            assertTrue(types.add(d.type()), "one definition per type: " + d.type());
            String folder = d.configType().getPackageName();
            assertTrue(folder.startsWith("genmodels.models.") && !folder.equals("genmodels.models"), folder);
            assertTrue(Files.isRegularFile(Path.of("configs", d.builtInConfig())), d.builtInConfig());
            assertEquals(d.type(), d.loadConfig(null, List.of()).model().type());
        }
    }

    /**
     * The fits keep their contract too: each registered fit's built-in config ships and loads, every
     * shipped config is a model's or a fit's, and every density family with a command is offered as a
     * fit (the common checks on each density are {@code genmodels.density.DensityContractTest}).
     */
    @Test
    void everyFitShipsItsConfigAndEveryConfigBelongsToAModelOrAFit() throws IOException {
        for (genmodels.fit.FitDefinition<?> f : genmodels.fit.Fits.ALL) {
            assertEquals(f.modelType(), f.loadConfig(null, List.of()).model().type(), f.name());
            assertTrue(Files.isRegularFile(Path.of("configs", f.builtInConfig())), f.builtInConfig());
        }
        for (genmodels.density.DensityFamily family : genmodels.density.Densities.ALL) {
            if (family.command() != null) {
                assertTrue(genmodels.fit.Fits.byModelType(family.type()).isPresent(), family.type());
            }
        }
        try (Stream<Path> configs = Files.list(Path.of("configs"))) {
            for (Path file : configs.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String type = ConfigLoader.modelType(file);
                var fit = genmodels.fit.Fits.byModelType(type);
                assertTrue(Models.byType(type).isPresent() || fit.isPresent(), file + ": model.type " + type);
                if (fit.isPresent()) {
                    assertEquals(
                            type, fit.get().loadConfig(file, List.of()).model().type(), file.toString());
                }
            }
        }
    }

    /** Each registered model built from each shipped config of its type: the loss reports exactly its terms. */
    @Test
    void everyShippedConfigBuildsAModelWhoseContractIsConsistent() throws IOException {
        int checked = 0;
        try (NDManager m = NDManager.newBaseManager();
                Stream<Path> configs = Files.list(Path.of("configs"))) {
            ImageSplit.Batch b = Datasets.load(TestData.slice(), m).test().slice(m, 0, 8);
            for (Path file :
                    configs.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                var definition = Models.byType(ConfigLoader.modelType(file));
                if (definition.isEmpty()) {
                    continue; // a density fit's config
                }
                RunConfig<?> config = definition.get().loadConfig(file, List.of());
                boolean colour = config.data().dataset().equals("cifar10"); // the colour 32x32 configs
                ImageSpec image = colour ? new ImageSpec(3, 32, 32, 10) : ImageSpec.MNIST;
                TrainableModel model = definition.get().create(config, image);
                Engine.getInstance().setRandomSeed(1);
                model.block().initialize(m, DataType.FLOAT32, new Shape(1, image.dimensions()));
                ImageSplit.Batch batch = colour
                        ? new ImageSplit.Batch(
                                m.randomUniform(0, 1, new Shape(8, image.dimensions())),
                                m.arange(8).toType(DataType.INT32, false))
                        : b;
                LossTerms t = model.loss(new ParameterStore(m, false), batch.images(), batch.labels(), false);
                String what = file.getFileName().toString();
                assertEquals(model.termNames(), List.copyOf(t.sums().keySet()), what);
                model.headline().ifPresent(h -> assertTrue(model.termNames().contains(h.name()), what));
                model.terms().forEach(term -> assertFalse(term.unit().isBlank(), what + ": " + term));
                Set<String> evaluations = new HashSet<>();
                model.evaluations().forEach(e -> assertTrue(evaluations.add(e.name()), what + ": " + e.name()));
                if (model.pictures().contains(Picture.PRIOR_SAMPLES)) {
                    assertTrue(model.priorSampler(SamplingSettings.DEFAULTS).isPresent(), what);
                }
                if (model.pictures().contains(Picture.RECONSTRUCTIONS)
                        || model.pictures().contains(Picture.LATENT_SPACE)) {
                    assertTrue(model instanceof GenerativeModel, what + " asks for pictures of an encoder");
                }
                checked++;
            }
        }
        assertTrue(checked >= Models.ALL.size(), "every model has a shipped config: " + checked);
    }
}
