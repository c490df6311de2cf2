package genmodels.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import genmodels.TestData;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.engine.Threads;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import genmodels.train.RunSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadChoiceTest {

    @TempDir
    Path dir;

    private byte[] train(Path out, Threads threads, StringWriter log) throws Exception {
        RunConfig<VaeConfig> config = ConfigLoader.load(
                "vae-mnist.yaml",
                null,
                List.of(
                        "data.dir=\"" + TestData.mnistSlice() + "\"",
                        "model.hidden=[64]",
                        "model.latent_dim=4",
                        "train.epochs=2",
                        "train.batch_size=100",
                        "output.dir=\"" + out + "\""),
                VaeConfig.class);
        RunSettings settings = new RunSettings(
                Device.cpu(), threads, true, new PrintWriter(log, true), new PrintWriter(new StringWriter()), false);
        assertEquals(
                0,
                TrainingRun.run(
                        "train-vae",
                        config,
                        pixels -> new VariationalAutoencoder(config.model(), pixels),
                        settings,
                        null,
                        false));
        return Files.readAllBytes(out.resolve("model.params"));
    }

    @Test
    void theMeasuringProbeLeavesTheRunExactlyAsAFixedCountWould() throws Exception {
        StringWriter fixedLog = new StringWriter();
        StringWriter autoLog = new StringWriter();
        byte[] fixed = train(dir.resolve("fixed"), Threads.parse("1"), fixedLog);
        byte[] measured = train(dir.resolve("auto"), Threads.autoAmong(List.of(1, 1)), autoLog);
        assertArrayEquals(fixed, measured, "same weights, bit for bit, after the probe's training steps");
        assertTrue(fixedLog.toString().contains("threads: 1 (set by --threads)"), fixedLog.toString());
        assertTrue(
                autoLog.toString()
                        .contains("threads: 1 (auto: the fastest by measurement; median ms per training step"),
                autoLog.toString());
        String summary = Files.readString(dir.resolve("auto").resolve("summary.json"));
        assertTrue(summary.contains("\"median_ms_per_step\""), summary);
        assertEquals(
                Files.readString(dir.resolve("fixed").resolve("metrics.csv"))
                        .lines()
                        .map(l -> l.replaceAll(",[^,]*,[^,]*,[^,]*$", ""))
                        .toList(),
                Files.readString(dir.resolve("auto").resolve("metrics.csv"))
                        .lines()
                        .map(l -> l.replaceAll(",[^,]*,[^,]*,[^,]*$", ""))
                        .toList(),
                "the same metrics, timing columns aside");
    }
}
