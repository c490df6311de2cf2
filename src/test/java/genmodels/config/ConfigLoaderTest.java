package genmodels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.errors.UserError;
import genmodels.models.vae.VaeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private RunConfig<VaeConfig> load(Path file, String... sets) {
        return ConfigLoader.load("vae-mnist.yaml", file, List.of(sets), VaeConfig.class);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String error(Path file, String... sets) {
        UserError e = assertThrows(UserError.class, () -> load(file, sets));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void builtInDefaultHasTheDocumentedValues() {
        RunConfig<VaeConfig> c = load(null);
        assertEquals(List.of(400), c.model().hidden());
        assertEquals(20, c.model().latentDim());
        assertEquals("bernoulli", c.model().likelihood());
        assertEquals(1.0, c.model().beta());
        assertEquals("mnist", c.data().dataset());
        assertEquals(null, c.data().dir());
        assertEquals(0.1, c.data().validation(), "the shipped configs hold out a validation split to choose by");
        assertEquals(10, c.train().epochs());
        assertEquals(128, c.train().batchSize());
        assertEquals("adam", c.train().optimizer().name());
        assertEquals(1e-3, c.train().optimizer().lr());
        assertEquals(1, c.train().seed());
        assertEquals(1, c.output().sampleEvery());
    }

    @Test
    void yamlFileOverridesOnlyTheKeysItGives() throws IOException {
        Path file = write("c.yaml", "train:\n  epochs: 3\nmodel:\n  latent_dim: 2\n");
        RunConfig<VaeConfig> c = load(file);
        assertEquals(3, c.train().epochs());
        assertEquals(2, c.model().latentDim());
        assertEquals(128, c.train().batchSize());
        assertEquals(List.of(400), c.model().hidden());
    }

    @Test
    void jsonConfigLoads() throws IOException {
        Path file = write("c.json", """
                {"model": {"type": "vae", "hidden": [512, 256], "latent_dim": 8},
                 "train": {"epochs": 2, "optimizer": {"lr": 0.002}},
                 "data": {"dir": "/tmp/mnist"}}
                """);
        RunConfig<VaeConfig> c = load(file);
        assertEquals(List.of(512, 256), c.model().hidden());
        assertEquals(8, c.model().latentDim());
        assertEquals(2, c.train().epochs());
        assertEquals(0.002, c.train().optimizer().lr());
        assertEquals("/tmp/mnist", c.data().dir());
    }

    @Test
    void setOverridesKeepTypesAndWinOverTheFile() throws IOException {
        Path file = write("c.yaml", "train: {epochs: 3}\n");
        RunConfig<VaeConfig> c =
                load(file, "train.epochs=7", "model.hidden=[64, 32]", "train.optimizer.lr=1e-4", "data.dir=some/dir");
        assertEquals(7, c.train().epochs());
        assertEquals(List.of(64, 32), c.model().hidden());
        assertEquals(1e-4, c.train().optimizer().lr());
        assertEquals(
                java.nio.file.Path.of("some/dir").toAbsolutePath().toString(),
                c.data().dir());
    }

    @Test
    void aSingleValueWhereAListIsExpectedIsAListOfOne() throws IOException {
        assertEquals(
                List.of(300),
                load(write("one.yaml", "model:\n  hidden: 300\n")).model().hidden());
    }

    @Test
    void resolvedConfigRoundTripsExactly() throws IOException {
        RunConfig<VaeConfig> c = load(null, "model.hidden=[300,100]", "train.optimizer.lr=0.00123", "data.dir=x");
        Path file = write("resolved.yaml", ConfigLoader.toYaml(c));
        assertEquals(c, load(file));
    }

    @Test
    void aResolvedDensityConfigRoundTripsItsNullsToo() throws IOException {
        // the built-in gmm config projects on 50 components; a resolved config that turned it off must say so
        RunConfig<genmodels.density.gmm.GmmConfig> c = ConfigLoader.load(
                "gmm-mnist-pca50.yaml",
                null,
                List.of("data.pca=null", "data.source=synthetic"),
                genmodels.density.gmm.GmmConfig.class);
        Path file = write("resolved-gmm.yaml", ConfigLoader.toYaml(c));
        RunConfig<genmodels.density.gmm.GmmConfig> back =
                ConfigLoader.load("gmm-mnist-pca50.yaml", file, List.of(), genmodels.density.gmm.GmmConfig.class);
        assertEquals(c, back);
        assertEquals(null, back.data().pca());
    }

    @Test
    void unknownKeyNamesKeyFileLineAndKnownKeys() throws IOException {
        Path file = write("bad.yaml", "model:\n  latent_dim: 2\ntrain:\n  epochs: 3\n  epoch: 4\n");
        String m = error(file);
        assertTrue(m.startsWith(file + ":5: unknown key 'epoch' in section 'train'"), m);
        assertTrue(
                m.contains("known keys: accumulate, batch_size, early_stopping, ema, epochs, grad_clip, lr_schedule,"
                        + " optimizer, precision, seed"),
                m);
        assertTrue(m.contains("did you mean 'epochs'"), m);
    }

    @Test
    void unknownTopLevelSection() throws IOException {
        Path file = write("bad.yaml", "trian:\n  epochs: 3\n");
        String m = error(file);
        assertTrue(m.contains(":1: unknown key 'trian' at the top level"), m);
        assertTrue(m.contains("did you mean 'train'"), m);
    }

    @Test
    void wrongTypeNamesKeyValueAndExpectedType() throws IOException {
        Path file = write("bad.yaml", "train:\n  epochs: ten\n");
        String m = error(file);
        assertEquals(file + ":2: train.epochs must be an integer, found 'ten'", m);
        m = error(write("bad2.yaml", "model:\n  hidden: {a: 1}\n"));
        assertTrue(m.contains(":2: model.hidden[0] must be an integer, found a section"), m);
        m = error(write("bad3.yaml", "train:\n  epochs: 2.5\n"));
        assertTrue(m.contains("train.epochs must be an integer, found 2.5"), m);
        m = error(write("bad4.yaml", "train: 5\n"));
        assertTrue(m.contains(":1: train must be a section (a mapping of keys), found 5"), m);
    }

    @Test
    void outOfRangeNamesKeyValueAndAllowedRange() throws IOException {
        Path file = write("bad.yaml", "# comment\ntrain:\n  epochs: 0\n");
        assertEquals(file + ":3: train.epochs must be an integer in [1, 100000], found 0", error(file));
        String m = error(write("lr.yaml", "train:\n  optimizer:\n    lr: -1\n"));
        assertTrue(m.endsWith(":3: train.optimizer.lr must be a number in (0.0, 10.0], found -1.0"), m);
        m = error(write("lik.yaml", "model:\n  likelihood: poisson\n"));
        assertTrue(m.endsWith(":2: model.likelihood must be one of bernoulli, gaussian, found 'poisson'"), m);
        m = error(null, "train.optimizer.lr=NaN");
        assertEquals("--set train.optimizer.lr=NaN: train.optimizer.lr must be a number in (0.0, 10.0], found NaN", m);
        m = error(write("nan.yaml", "model:\n  beta: .nan\n"));
        assertTrue(m.contains("nan.yaml:2: not valid YAML"), m);
        m = error(write("huge.yaml", "train:\n  epochs: 99999999999999\n"));
        assertTrue(m.contains("train.epochs"), m);
    }

    @Test
    void nullForRequiredValue() throws IOException {
        String m = error(write("null.yaml", "train:\n  batch_size: null\n"));
        assertTrue(m.endsWith(":2: train.batch_size must be an integer, found null"), m);
    }

    @Test
    void badSetOverrides() {
        String m = error(null, "train.epochs=0");
        assertEquals("--set train.epochs=0: train.epochs must be an integer in [1, 100000], found 0", m);
        m = error(null, "train.epoch=5");
        assertTrue(m.startsWith("--set train.epoch=5: unknown key 'epoch' in section 'train'; known keys: epochs"), m);
        assertTrue(m.endsWith("(did you mean 'epochs'?)"), m);
        m = error(null, "trian.epochs=5");
        assertTrue(m.startsWith("--set trian.epochs=5: unknown key 'trian' at the top level"), m);
        m = error(null, "train.epochs");
        assertEquals("--set train.epochs: expected key.path=value, for example --set train.epochs=5", m);
        m = error(null, "train.epochs=many");
        assertEquals("--set train.epochs=many: train.epochs must be an integer, found 'many'", m);
        m = error(null, "model.type=ae");
        assertTrue(m.startsWith("--set model.type=ae: this command trains model.type 'vae'"), m);
    }

    @Test
    void fileProblemsAreOneLine() throws IOException {
        String m = error(dir.resolve("missing.yaml"));
        assertTrue(m.startsWith("config file not found: "), m);
        m = error(write("c.toml", "x = 1"));
        assertTrue(m.endsWith("must end in .yaml, .yml or .json"), m);
        m = error(write("syntax.yaml", "train:\n  epochs: [1, 2\n"));
        assertTrue(m.contains("not valid YAML"), m);
        m = error(write("syntax.json", "{\"train\": {\"epochs\": 3,}}"));
        assertTrue(m.contains("syntax.json:1: not valid JSON"), m);
        m = error(write("list.yaml", "- 1\n- 2\n"));
        assertTrue(m.contains("a config must be a mapping of sections"), m);
        m = error(write("dup.yaml", "train:\n  epochs: 1\n  epochs: 2\n"));
        assertTrue(m.contains("Duplicate field 'epochs'"), m);
        m = error(write("other.yaml", "model:\n  type: ae\n"));
        assertTrue(m.contains(":2: model.type is 'ae' but this command trains 'vae'"), m);
    }
}
