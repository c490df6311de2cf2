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
import genmodels.models.Scalars;
import genmodels.models.LossTerms;
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
            float[] closed = VariationalAutoencoder.klToStandardNormal(muA, logvarA, new Scalars(m)).toFloatArray();
            for (int row = 0; row < 2; row++) {
                // KL(q || p) = E_q[log q(z) - log p(z)], with z ~ q drawn by the reparameterization
                NDArray rowMu = muA.get(row).reshape(1, 3).repeat(0, samples);
                NDArray rowLogvar = logvarA.get(row).reshape(1, 3).repeat(0, samples);
                NDArray z = VariationalAutoencoder.reparameterize(rowMu, rowLogvar, new Scalars(m));
                NDArray eps2 = z.sub(rowMu).square().div(rowLogvar.exp());
                NDArray logRatio = eps2.add(rowLogvar).neg().add(z.square()).mul(0.5f).sum(new int[] {1});
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
        VariationalAutoencoder vae = new VariationalAutoencoder(config(List.of(64), 8), 784);
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
            VariationalAutoencoder vae = new VariationalAutoencoder(c, 784);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            LossTerms t = vae.loss(new ParameterStore(m, false), data.test().slice(m, 0, 10).images(), null, false);
            float recon = t.sums().get("reconstruction").getFloat();
            float kl = t.sums().get("kl").getFloat();
            assertEquals(recon + kl, t.sums().get("neg_elbo").getFloat(), 1e-2);
            assertEquals((recon + 3.0 * kl) / 10, t.objective().getFloat(), 1e-3);
            assertTrue(kl > 0 && recon > 0);
        }
    }

    @Test
    void outputShapesFollowTheConfig() {
        VariationalAutoencoder vae = new VariationalAutoencoder(config(List.of(100, 50), 7), 784);
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
}
