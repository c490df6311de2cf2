package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VAE's likelihoods and objectives trained end to end through the command line on the MNIST slice. */
class ObjectivesCommandTest {

    @TempDir
    Path dir;

    /** Test rows of metrics.csv: column {@code column} per epoch. */
    private static List<Double> testColumn(Path run, String column) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int index = List.of(lines.get(0).split(",")).indexOf(column);
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[1].equals("test")) {
                values.add(Double.parseDouble(cells[index]));
            }
        }
        return values;
    }

    private MainTest.Result train(Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of(
                "train-vae",
                "-q",
                "--threads",
                "1",
                "--out",
                out.toString(),
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "model.hidden=[64]",
                "--set",
                "model.latent_dim=4",
                "--set",
                "train.batch_size=50",
                "--set",
                "train.epochs=4"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    @Test
    void gaussianLikelihoodTrainsAndItsLossFalls() throws IOException {
        Path out = dir.resolve("gaussian");
        MainTest.Result r = train(out, "model.likelihood=gaussian", "model.sigma=0.3");
        assertEquals(0, r.code(), r.err());
        List<Double> recon = testColumn(out, "reconstruction");
        assertEquals(4, recon.size());
        // the reconstruction term carries the normaliser (784 / 2) log(2 pi 0.09) = -222.6 nats, so
        // the squared error part, recon + 222.6, is positive and falls
        double normaliser = 392 * Math.log(2 * Math.PI * 0.09);
        assertTrue(recon.get(3) - normaliser > 0, recon.toString());
        assertTrue(recon.get(3) < recon.get(0) - 1, "the test reconstruction fell: " + recon);
    }

    @Test
    void importanceWeightedVampPriorAndWarmupTrainEndToEnd() throws IOException {
        Path out = dir.resolve("iw-vamp");
        MainTest.Result r = train(
                out,
                "model.importance_samples=3",
                "model.prior=vamp",
                "model.pseudo_inputs=10",
                "train.kl_warmup_epochs=2");
        assertEquals(0, r.code(), r.err());
        List<Double> bound = testColumn(out, "neg_iw_bound");
        List<Double> elbo = testColumn(out, "neg_elbo");
        assertEquals(4, bound.size());
        for (int e = 0; e < 4; e++) {
            assertTrue(
                    bound.get(e) <= elbo.get(e) + 0.5,
                    "the 3-sample bound is no looser than the ELBO: " + bound + elbo);
        }
        assertTrue(bound.get(3) < bound.get(0), "the bound fell: " + bound);
        MainTest.Result s = MainTest.run(
                "sample", "--checkpoint", out.toString(), "--sampler", "prior", "-n", "16", "--threads", "1");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("from the vamp prior"), s.out());
    }
}
