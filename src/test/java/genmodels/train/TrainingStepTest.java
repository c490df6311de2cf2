package genmodels.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.OptimizerConfig;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import genmodels.optim.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStepTest {

    private static final OptimizerConfig ADAM = new OptimizerConfig("adam", 1e-3, List.of(0.9, 0.999), 1e-8, 0);

    private static float[] weights(VariationalAutoencoder vae) {
        List<float[]> parts = vae.getParameters().values().stream()
                .map(p -> p.getArray().toFloatArray())
                .toList();
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void aNonFiniteLossStopsTheStepBeforeAnythingChanges() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            VariationalAutoencoder vae = new VariationalAutoencoder(
                    new VaeConfig("vae", List.of(16), 2, "bernoulli", 1.0, 0.1), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            Optimizers optimizers = Optimizers.forModel(vae, ADAM, m);
            Adam adam = optimizers.get(0);
            TrainingStep step = new TrainingStep(vae, new ParameterStore(m, false), optimizers, null, m);
            float[] good = new float[8 * 784];
            for (int i = 0; i < good.length; i++) {
                good[i] = (i % 7) / 7f;
            }
            float[] bad = good.clone();
            bad[100] = Float.NaN;
            ImageSplit clean =
                    new ImageSplit("train", m.create(good, new Shape(8, 784)), m.zeros(new Shape(8), DataType.INT32));
            ImageSplit poisoned =
                    new ImageSplit("train", m.create(bad, new Shape(8, 784)), m.zeros(new Shape(8), DataType.INT32));
            NDArray order = clean.upload(m, new int[] {0, 1, 2, 3, 4, 5, 6, 7});

            double[] sums = step.run(clean, order, 0, 8, 1).terms();
            assertEquals(3, sums.length, "neg_elbo, reconstruction, kl");
            assertEquals(1, adam.stepCount());
            float[] before = weights(vae);
            NDList moments = genmodels.optim.AdamState.moments(adam, m);
            float[] m0 = moments.get(0).toFloatArray();
            float[] v0 = moments.get(1).toFloatArray();

            TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> step.run(poisoned, order, 0, 8, 4));
            assertEquals(4, e.epoch());
            assertEquals(2, e.step());
            assertEquals(List.of("neg_elbo", "reconstruction", "kl"), e.terms(), "a NaN pixel reaches every term");
            assertArrayEquals(before, weights(vae), 0f, "weights untouched");
            NDList after = genmodels.optim.AdamState.moments(adam, m);
            assertArrayEquals(m0, after.get(0).toFloatArray(), 0f, "first moments untouched");
            assertArrayEquals(v0, after.get(1).toFloatArray(), 0f, "second moments untouched");
            assertEquals(1, adam.stepCount());

            step.run(clean, order, 0, 8, 4); // training goes on from the same state
            assertEquals(2, adam.stepCount());
            assertFalse(java.util.Arrays.equals(before, weights(vae)));
        }
    }
}
