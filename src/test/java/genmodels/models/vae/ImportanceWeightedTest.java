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
import ai.djl.training.ParameterStore;
import genmodels.TestData;
import genmodels.config.OptimizerConfig;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.eval.Evaluation;
import genmodels.models.Likelihoods;
import genmodels.train.TrainingLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportanceWeightedTest {

    private static VariationalAutoencoder trained(NDManager m, Datasets.Splits data) throws Exception {
        Engine.getInstance().setRandomSeed(1);
        VariationalAutoencoder vae =
                new VariationalAutoencoder(new VaeConfig("vae", List.of(64), 4, "bernoulli", 1, 0.1), ImageSpec.MNIST);
        vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
        TrainConfig train = new TrainConfig(5, 50, new OptimizerConfig("adam", 2e-3, List.of(0.9, 0.999), 1e-8, 0), 1);
        ParameterStore store = new ParameterStore(m, false);
        new TrainingLoop(vae, train, data, m, store, List.of()).run();
        return vae;
    }

    @Test
    void withOneSampleItIsTheSingleSampleElboOfThatDraw() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Engine.getInstance().setRandomSeed(2);
            VariationalAutoencoder vae = new VariationalAutoencoder(
                    new VaeConfig("vae", List.of(32), 3, "bernoulli", 1, 0.1), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = data.test().slice(m, 0, 5).images();
            NDArray eps = m.randomNormal(new Shape(5, 1, 3));
            float[] nll = ImportanceWeighted.negativeLogLikelihood(ImportanceWeighted.logWeights(vae, store, x, eps))
                    .toType(DataType.FLOAT32, false)
                    .toFloatArray();
            // by hand: -log p(x|z) - log p(z) + log q(z|x) with z = mu + sigma eps, all Gaussians written out
            NDList q = vae.posterior(store, x, null, false);
            float[] mu = q.get(0).toFloatArray();
            float[] logvar = q.get(1).toFloatArray();
            float[] e = eps.toFloatArray();
            float[] z = new float[15];
            for (int i = 0; i < 15; i++) {
                z[i] = mu[i] + (float) Math.exp(logvar[i] / 2) * e[i];
            }
            float[] recon = vae.reconstructionNll(vae.decodeLogits(store, m.create(z, new Shape(5, 3))), x)
                    .toFloatArray();
            for (int b = 0; b < 5; b++) {
                double logPrior = 0;
                double logPosterior = 0;
                for (int j = 0; j < 3; j++) {
                    int i = b * 3 + j;
                    logPrior += -0.5 * (z[i] * z[i] + Math.log(2 * Math.PI));
                    double var = Math.exp(logvar[i]);
                    logPosterior += -0.5 * ((z[i] - mu[i]) * (z[i] - mu[i]) / var + Math.log(2 * Math.PI * var));
                }
                assertEquals(recon[b] - logPrior + logPosterior, nll[b], 1e-3, "image " + b);
            }
        }
    }

    @Test
    void theBoundTightensAsKGrowsAndAtKOneAgreesWithTheAnalyticElbo() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            VariationalAutoencoder vae = trained(m, data);
            ParameterStore store = new ParameterStore(m, false);
            ImageSplit test = data.test();
            double[] nll = new double[3];
            int[] ks = {1, 10, 100};
            for (int i = 0; i < 3; i++) {
                Engine.getInstance().setRandomSeed(7);
                nll[i] = ImportanceWeighted.meanNll(vae, store, Evaluation.images(test), ks[i], m, done -> {});
            }
            assertTrue(
                    nll[0] > nll[1] && nll[1] > nll[2], "NLL estimates K=1,10,100: " + java.util.Arrays.toString(nll));
            double elbo = TrainingLoop.evaluate(vae, store, test, 1, m).get("neg_elbo");
            assertEquals(elbo, nll[0], 1.0, "K = 1 is a single-sample -ELBO estimate");
            assertEquals(nll[0] / (784 * Math.log(2)), Likelihoods.bitsPerDim(nll[0], 784), 1e-12);
        }
    }

    @Test
    void logSumExpIsStableForLargeWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {-1000f, -1000f, -2000f, -2000f}, new Shape(2, 2));
            double[] nll = ImportanceWeighted.negativeLogLikelihood(w).toDoubleArray();
            assertArrayEquals(new double[] {1000, 2000}, nll, 1e-6);
            assertTrue(Double.isFinite(Likelihoods.bernoulliFromLogits(
                            m.create(new float[] {500f}, new Shape(1, 1)), m.create(new float[] {0f}, new Shape(1, 1)))
                    .getFloat()));
        }
    }
}
