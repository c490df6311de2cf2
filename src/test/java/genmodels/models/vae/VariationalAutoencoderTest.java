package genmodels.models.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import genmodels.TestData;
import genmodels.data.Datasets;
import genmodels.engine.ImageSpec;
import genmodels.models.LossTerms;
import genmodels.models.Scalars;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariationalAutoencoderTest {

    private static VaeConfig config(List<Integer> hidden, int latent) {
        return new VaeConfig("vae", hidden, latent, "bernoulli", 1.0, 0.1);
    }

    @Test
    void closedFormKlMatchesAMonteCarloEstimate() {
        float[] mu = {0.5f, -1.2f, 0.0f, 2.0f, 0.3f, -0.4f};
        float[] logvar = {-0.5f, 0.8f, 0.0f, -2.0f, 1.1f, 0.2f};
        int samples = 400_000;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray muA = m.create(mu, new Shape(2, 3));
            NDArray logvarA = m.create(logvar, new Shape(2, 3));
            float[] closed = VariationalAutoencoder.klToStandardNormal(muA, logvarA, new Scalars(m))
                    .toFloatArray();
            for (int row = 0; row < 2; row++) {
                // KL(q || p) = E_q[log q(z) - log p(z)], with z ~ q drawn by the reparameterization
                NDArray rowMu = muA.get(row).reshape(1, 3).repeat(0, samples);
                NDArray rowLogvar = logvarA.get(row).reshape(1, 3).repeat(0, samples);
                NDArray z = VariationalAutoencoder.reparameterize(rowMu, rowLogvar, new Scalars(m));
                NDArray eps2 = z.sub(rowMu).square().div(rowLogvar.exp());
                NDArray logRatio =
                        eps2.add(rowLogvar).neg().add(z.square()).mul(0.5f).sum(new int[] {1});
                float[] values = logRatio.toFloatArray();
                double mean = 0;
                double sq = 0;
                for (float v : values) {
                    mean += v;
                    sq += (double) v * v;
                }
                mean /= samples;
                double stderr = Math.sqrt((sq / samples - mean * mean) / samples);
                assertEquals(closed[row], mean, 4 * stderr, "row " + row + " closed " + closed[row] + " MC " + mean);
                assertTrue(stderr < 0.02, "estimate precise enough to be a test: stderr " + stderr);
            }
        }
    }

    @Test
    void reparameterizationPassesGradientsToMuAndLogvar() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mu = m.create(new float[] {0.1f, -0.3f, 2f, 0f}, new Shape(2, 2));
            NDArray logvar = m.create(new float[] {0f, 1f, -1f, 0.5f}, new Shape(2, 2));
            mu.setRequiresGradient(true);
            logvar.setRequiresGradient(true);
            NDArray z;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                z = VariationalAutoencoder.reparameterize(mu, logvar, new Scalars(m));
                gc.backward(z.sum());
            }
            // dz/dmu = 1; dz/dlogvar = 0.5 * exp(logvar / 2) * eps = 0.5 * (z - mu)
            assertArrayEquals(new float[] {1, 1, 1, 1}, mu.getGradient().toFloatArray());
            float[] expected = z.sub(mu).mul(0.5f).toFloatArray();
            assertArrayEquals(expected, logvar.getGradient().toFloatArray(), 1e-6f);
            for (float g : expected) {
                assertTrue(g != 0f);
            }
        }
    }

    /** Loss and every gradient of one step, with or without forced garbage collections in between. */
    private static List<float[]> step(NDArray images, boolean collectGarbage) {
        NDManager m = images.getManager();
        Engine.getInstance().setRandomSeed(5);
        VariationalAutoencoder vae = new VariationalAutoencoder(config(List.of(64), 8), ImageSpec.MNIST);
        vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
        ParameterStore store = new ParameterStore(m, false);
        List<float[]> out = new ArrayList<>();
        try (NDManager batch = m.newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(batch);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                LossTerms terms = vae.loss(store, x, null, true);
                if (collectGarbage) {
                    for (int i = 0; i < 5; i++) {
                        byte[][] garbage = new byte[2000][];
                        for (int j = 0; j < garbage.length; j++) {
                            garbage[j] = new byte[1024];
                        }
                        System.gc();
                    }
                }
                gc.backward(terms.objective());
                out.add(terms.objective().toFloatArray());
            }
        }
        for (Pair<String, Parameter> p : vae.getParameters()) {
            out.add(p.getValue().getArray().getGradient().toFloatArray());
        }
        return out;
    }

    @Test
    void garbageCollectionBetweenForwardAndBackwardChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            NDArray images = data.test().slice(m, 0, 64).images();
            List<float[]> plain = step(images, false);
            List<float[]> collected = step(images, true);
            assertTrue(Float.isFinite(plain.get(0)[0]), "finite loss");
            assertEquals(plain.size(), collected.size());
            for (int i = 0; i < plain.size(); i++) {
                assertArrayEquals(plain.get(i), collected.get(i), "array " + i + " identical after System.gc()");
            }
        }
    }

    @Test
    void lossTermsAddUpAndObjectiveIsTheMeanPerImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Engine.getInstance().setRandomSeed(2);
            VaeConfig c = new VaeConfig("vae", List.of(32), 4, "bernoulli", 3.0, 0.1);
            VariationalAutoencoder vae = new VariationalAutoencoder(c, ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            LossTerms t = vae.loss(
                    new ParameterStore(m, false), data.test().slice(m, 0, 10).images(), null, false);
            float recon = t.sums().get("reconstruction").getFloat();
            float kl = t.sums().get("kl").getFloat();
            assertEquals(recon + kl, t.sums().get("neg_elbo").getFloat(), 1e-2);
            assertEquals((recon + 3.0 * kl) / 10, t.objective().getFloat(), 1e-3);
            assertTrue(kl > 0 && recon > 0);
        }
    }

    @Test
    void outputShapesFollowTheConfig() {
        VariationalAutoencoder vae = new VariationalAutoencoder(config(List.of(100, 50), 7), ImageSpec.MNIST);
        Shape[] shapes = vae.getOutputShapes(new Shape[] {new Shape(3, 784)});
        assertEquals(new Shape(3, 784), shapes[0]);
        assertEquals(new Shape(3, 7), shapes[1]);
        try (NDManager m = NDManager.newBaseManager()) {
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            NDList out = vae.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(3, 784))), false);
            assertEquals(new Shape(3, 784), out.get(0).getShape());
            assertEquals(new Shape(3, 7), out.get(1).getShape());
        }
    }

    private static VaeConfig iwConfig(int k, String prior, int pseudoInputs) {
        return new VaeConfig(
                "vae",
                "mlp",
                List.of(32, 64),
                "pytorch",
                List.of(16),
                3,
                "bernoulli",
                1.0,
                0.1,
                null,
                k,
                prior,
                pseudoInputs,
                0);
    }

    /** log N(z; mu, diag(exp(logvar))), summed over dimensions, in doubles. */
    private static double logNormal(float[] z, float[] mu, float[] logvar, int zOff, int off, int d) {
        double total = 0;
        for (int j = 0; j < d; j++) {
            double var = Math.exp(logvar[off + j]);
            double diff = z[zOff + j] - mu[off + j];
            total += -0.5 * (Math.log(2 * Math.PI * var) + diff * diff / var);
        }
        return total;
    }

    @Test
    void importanceWeightedBoundWithOneSampleIsTheElbo() {
        // At k = 1 the bound -(log w) is the single-sample ELBO -log p(x|z) - log p(z) + log q(z|x),
        // computed here from the decoder's BCE and Gaussian densities written out in doubles; and its
        // mean over draws is the closed-form ELBO (recon + KL) within its standard error.
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            VariationalAutoencoder vae = new VariationalAutoencoder(iwConfig(1, "normal", 1), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = data.test().images().get("0:2");
            int draws = 4000;
            NDArray eps = m.randomNormal(new Shape(2, draws, 3), DataType.FLOAT32);
            NDList terms = vae.importanceTerms(store, x, null, eps, false);
            NDArray perDraw = vae.negativeBound(terms.get(1).sub(terms.get(0)).reshape(2 * draws, 1))
                    .reshape(2, draws);
            float[] bound = perDraw.toFloatArray();
            float[] mu = terms.get(2).toFloatArray();
            float[] logvar = terms.get(3).toFloatArray();
            float[] e = eps.toFloatArray();
            float[] pixels = x.toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) { // three draws checked term by term
                    float[] z = new float[3];
                    for (int t = 0; t < 3; t++) {
                        z[t] = (float) (mu[i * 3 + t] + Math.exp(logvar[i * 3 + t] / 2) * e[(i * draws + j) * 3 + t]);
                    }
                    NDArray logits = vae.decodeLogits(store, m.create(z, new Shape(1, 3)), null, false);
                    float[] l = logits.toFloatArray();
                    double bce = 0;
                    for (int p = 0; p < 784; p++) {
                        double sp = Math.max(l[p], 0) + Math.log1p(Math.exp(-Math.abs(l[p])));
                        bce += sp - pixels[i * 784 + p] * l[p];
                    }
                    double logPrior = logNormal(z, new float[3], new float[3], 0, 0, 3);
                    double logQ = logNormal(z, mu, logvar, 0, i * 3, 3);
                    double expected = bce - logPrior + logQ;
                    assertEquals(
                            expected, bound[i * draws + j], 1e-3 * Math.abs(expected), "image " + i + " draw " + j);
                }
                double mean = 0;
                double sq = 0;
                for (int j = 0; j < draws; j++) {
                    mean += bound[i * draws + j];
                    sq += (double) bound[i * draws + j] * bound[i * draws + j];
                }
                mean /= draws;
                double stderr = Math.sqrt((sq / draws - mean * mean) / draws);
                // E_q[-log p(x|z)] estimated over the same draws, plus the closed-form KL
                double elbo = terms.get(0).get(i).mean().getFloat()
                        + VariationalAutoencoder.klToStandardNormal(terms.get(2), terms.get(3), new Scalars(m))
                                .toFloatArray()[i];
                assertEquals(
                        elbo,
                        mean,
                        4 * stderr + 0.05,
                        "image " + i + ": closed-form ELBO vs the mean one-sample bound");
            }
        }
    }

    @Test
    void importanceWeightedObjectiveIsTheMeanNegativeBound() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            VariationalAutoencoder vae = new VariationalAutoencoder(iwConfig(5, "normal", 1), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = data.train().images().get("0:6");
            Engine.getInstance().setRandomSeed(9);
            LossTerms terms = vae.loss(store, x, null, true);
            Engine.getInstance().setRandomSeed(9);
            NDArray eps = m.randomNormal(new Shape(6, 5, 3), DataType.FLOAT32);
            NDList parts = vae.importanceTerms(store, x, null, eps, true);
            double[] logW = parts.get(1)
                    .sub(parts.get(0))
                    .toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            double expected = 0;
            for (int i = 0; i < 6; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < 5; j++) {
                    max = Math.max(max, logW[i * 5 + j]);
                }
                double sum = 0;
                for (int j = 0; j < 5; j++) {
                    sum += Math.exp(logW[i * 5 + j] - max);
                }
                expected -= max + Math.log(sum / 5);
            }
            assertEquals(expected / 6, terms.objective().getFloat(), 1e-3);
            assertEquals(expected, terms.sums().get("neg_iw_bound").getFloat(), 1e-2);
            // the k-sample bound is tighter than the k-draw average ELBO on the same draws
            assertTrue(terms.sums().get("neg_iw_bound").getFloat()
                    <= parts.get(0).sub(parts.get(1)).mean(new int[] {1}).sum().getFloat() + 1e-3);
        }
    }

    @Test
    void vampPriorLogDensityIsTheMixtureOfPseudoInputPosteriors() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            VariationalAutoencoder vae = new VariationalAutoencoder(iwConfig(1, "vamp", 4), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            ParameterStore store = new ParameterStore(m, false);
            NDArray pseudo = null;
            for (Pair<String, Parameter> p : vae.getParameters()) {
                if (p.getKey().equals("pseudo_inputs")) {
                    pseudo = p.getValue().getArray();
                }
            }
            assertEquals(new Shape(4, 784), pseudo.getShape());
            NDList q = vae.posterior(store, pseudo.clip(0, 1), null, false);
            float[] mu = q.get(0).toFloatArray();
            float[] logvar = q.get(1).toFloatArray();
            float[] z = {0.3f, -1.0f, 0.5f, 2.0f, 0.1f, -0.4f, -3f, 0f, 1f};
            float[] computed =
                    vae.logPrior(store, m.create(z, new Shape(3, 3)), false).toFloatArray();
            for (int n = 0; n < 3; n++) {
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += Math.exp(logNormal(z, mu, logvar, n * 3, k * 3, 3));
                }
                assertEquals(Math.log(sum / 4), computed[n], 1e-4 * Math.max(1, Math.abs(computed[n])), "z row " + n);
            }
            Engine.getInstance().setRandomSeed(4);
            NDArray samples = vae.samplePrior(store, m, 50).orElseThrow();
            assertEquals(new Shape(50, 3), samples.getShape());
            assertEquals(List.of("vamp"), vae.priorName().stream().toList());
        }
    }

    @Test
    void klWarmupWeightsRiseLinearlyPerEpochAndScaleOnlyTheObjective() {
        assertEquals(1.0, VariationalAutoencoder.warmupWeight(1, 0));
        assertEquals(0.0, VariationalAutoencoder.warmupWeight(1, 4));
        assertEquals(0.25, VariationalAutoencoder.warmupWeight(2, 4));
        assertEquals(0.75, VariationalAutoencoder.warmupWeight(4, 4));
        assertEquals(1.0, VariationalAutoencoder.warmupWeight(5, 4));
        assertEquals(1.0, VariationalAutoencoder.warmupWeight(40, 4));
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            VaeConfig warmup = new VaeConfig(
                    "vae",
                    "mlp",
                    List.of(32, 64),
                    "pytorch",
                    List.of(16),
                    3,
                    "bernoulli",
                    1.0,
                    0.1,
                    null,
                    1,
                    "normal",
                    500,
                    4);
            VariationalAutoencoder vae = new VariationalAutoencoder(warmup, ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = data.train().images().get("0:8");
            for (int epoch : new int[] {1, 3, 6}) {
                vae.beforeEpoch(epoch);
                Engine.getInstance().setRandomSeed(2);
                LossTerms terms = vae.loss(store, x, null, true);
                double recon = terms.sums().get("reconstruction").getFloat();
                double kl = terms.sums().get("kl").getFloat();
                double w = VariationalAutoencoder.warmupWeight(epoch, 4);
                assertEquals((recon + w * kl) / 8, terms.objective().getFloat(), 1e-3, "epoch " + epoch);
                assertEquals(
                        recon + kl, terms.sums().get("neg_elbo").getFloat(), 1e-2, "the reported ELBO is unweighted");
                Engine.getInstance().setRandomSeed(2);
                assertEquals(
                        (recon + kl) / 8,
                        vae.loss(store, x, null, false).objective().getFloat(),
                        1e-3,
                        "evaluation ignores the warm-up");
            }
        }
    }

    @Test
    void logvarClampClipsTheEncodersLogVarianceOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Datasets.load(TestData.slice(), m).test().images().get("0:10");
            ParameterStore store = new ParameterStore(m, false);
            Engine.getInstance().setRandomSeed(6);
            VariationalAutoencoder free = new VariationalAutoencoder(config(List.of(16), 3), ImageSpec.MNIST);
            free.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            Engine.getInstance().setRandomSeed(6);
            VariationalAutoencoder clamped = new VariationalAutoencoder(
                    new VaeConfig("vae", List.of(16), 3, "bernoulli", 1.0, 0.1, 0.01), ImageSpec.MNIST);
            clamped.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            NDList a = free.posterior(store, x, null, false);
            NDList b = clamped.posterior(store, x, null, false);
            assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray(), "the means are untouched");
            float[] raw = a.get(1).toFloatArray();
            float[] clipped = b.get(1).toFloatArray();
            int outside = 0;
            for (int i = 0; i < raw.length; i++) {
                assertEquals(Math.max(-0.01f, Math.min(0.01f, raw[i])), clipped[i], 0f);
                outside += Math.abs(raw[i]) > 0.01f ? 1 : 0;
            }
            assertTrue(outside > 10, "the clamp was exercised: " + outside + " of " + raw.length);
        }
    }

    @Test
    void gaussianLikelihoodIsTheScaledSquaredErrorPlusItsNormaliser() {
        // -log N(x; sigmoid(l), s^2 I) = sum (x - sigmoid(l))^2 / (2 s^2) + (D / 2) log(2 pi s^2), in doubles,
        // on the decoding of the very z the loss drew (same seed, the same first draw of the generator)
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Datasets.load(TestData.slice(), m).test().images().get("0:4");
            ParameterStore store = new ParameterStore(m, false);
            Engine.getInstance().setRandomSeed(8);
            double s = 0.2;
            VariationalAutoencoder vae = new VariationalAutoencoder(
                    new VaeConfig("vae", List.of(16), 3, "gaussian", 1.0, s), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            Engine.getInstance().setRandomSeed(21);
            LossTerms terms = vae.loss(store, x, null, false);
            Engine.getInstance().setRandomSeed(21);
            NDList q = vae.posterior(store, x, null, false);
            NDArray eps = m.randomNormal(q.get(0).getShape(), DataType.FLOAT32);
            NDArray z = q.get(1).mul(0.5f).exp().mul(eps).add(q.get(0));
            float[] l = vae.decodeLogits(store, z, null, false).toFloatArray();
            float[] pixels = x.toFloatArray();
            double expected = 4 * 784 / 2.0 * Math.log(2 * Math.PI * s * s);
            for (int i = 0; i < l.length; i++) {
                double mean = 1 / (1 + Math.exp(-l[i]));
                expected += (pixels[i] - mean) * (pixels[i] - mean) / (2 * s * s);
            }
            assertEquals(expected, terms.sums().get("reconstruction").getFloat(), 1e-4 * Math.abs(expected));
        }
    }
}
