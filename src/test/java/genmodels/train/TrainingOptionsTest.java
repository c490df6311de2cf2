package genmodels.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import genmodels.TestData;
import genmodels.config.OptimizerConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.models.ae.AeConfig;
import genmodels.models.ae.Autoencoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * train.grad_clip and train.optimizer.weight_decay, checked against the update written out here.
 * With betas [0, 0] and eps 1, Adam's first step is {@code w - lr g / (|g| + 1)}: no longer
 * invariant to the gradient's scale, so clipping (which rescales g) shows in the step.
 */
class TrainingOptionsTest {

    private static final int BATCH = 16;

    private static Autoencoder autoencoder(NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        Autoencoder ae =
                new Autoencoder(new AeConfig("ae", List.of(784, 16, 2), "leaky_relu", "bce", 0), ImageSpec.MNIST);
        ae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
        return ae;
    }

    private static List<double[]> arrays(Autoencoder ae, boolean gradients) {
        List<double[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : ae.getParameters()) {
            NDArray a = gradients
                    ? p.getValue().getArray().getGradient()
                    : p.getValue().getArray();
            out.add(a.toType(DataType.FLOAT64, false).toDoubleArray());
        }
        return out;
    }

    /** Parameters after one TrainingStep of a fresh model with this optimizer and clipping. */
    private static List<double[]> afterOneStep(NDManager m, ImageSplit train, OptimizerConfig adam, Double clip) {
        return afterOneStep(m, train, adam, clip, BATCH);
    }

    /** The same, the update's {@value #BATCH} images in micro-batches of {@code microBatch} (accumulation). */
    private static List<double[]> afterOneStep(
            NDManager m, ImageSplit train, OptimizerConfig adam, Double clip, int microBatch) {
        Autoencoder ae = autoencoder(m);
        ParameterStore store = new ParameterStore(m, false);
        TrainingStep step = new TrainingStep(ae, store, Optimizers.forModel(ae, adam, m), clip, m)
                .withRecipe(microBatch, null, false);
        NDArray order = train.upload(m, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        step.run(train, order, 0, BATCH, 1);
        return arrays(ae, false);
    }

    private static void check(NDManager m, ImageSplit train, double lr, double weightDecay, Double clip) {
        check(m, train, lr, weightDecay, clip, false);
    }

    /** @param decoupled AdamW: the decay shrinks the weights apart from the gradient step */
    private static void check(
            NDManager m, ImageSplit train, double lr, double weightDecay, Double clip, boolean decoupled) {
        // the gradient of the same model on the same batch, by hand
        Autoencoder ae = autoencoder(m);
        ParameterStore store = new ParameterStore(m, false);
        NDArray x = train.images().get("0:" + BATCH);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(
                    ae.loss(store, x, train.labels().get("0:" + BATCH), true).objective());
        }
        List<double[]> w = arrays(ae, false);
        List<double[]> g = arrays(ae, true);
        double squared = 0;
        for (double[] gi : g) {
            for (double v : gi) {
                squared += v * v;
            }
        }
        double scale = clip == null ? 1 : Math.min(1, clip / Math.sqrt(squared));
        OptimizerConfig adam =
                new OptimizerConfig(decoupled ? "adamw" : "adam", lr, List.of(0.0, 0.0), 1.0, weightDecay);
        List<double[]> stepped = afterOneStep(m, train, adam, clip);
        int moved = 0;
        for (int i = 0; i < w.size(); i++) {
            for (int j = 0; j < w.get(i).length; j++) {
                double wj = w.get(i)[j];
                double gj = g.get(i)[j] * scale + (decoupled ? 0 : weightDecay * wj); // clipping, then the L2 term
                double shrunk = decoupled ? wj * (1 - lr * weightDecay) : wj; // AdamW: Loshchilov & Hutter, Alg. 2
                double expected = shrunk - lr * gj / (Math.abs(gj) + 1);
                assertEquals(
                        expected, stepped.get(i)[j], 1e-6 + 1e-4 * Math.abs(lr * gj), "parameter " + i + "[" + j + "]");
                moved += expected != w.get(i)[j] ? 1 : 0;
            }
        }
        assertTrue(moved > 100, "the step moved the weights");
    }

    @Test
    void gradientClippingRescalesTheGradientToTheGivenNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageSplit train = Datasets.load(TestData.slice(), m).train();
            check(m, train, 0.5, 0, null);
            check(m, train, 0.5, 0, 1e-3); // far below the gradient's norm: every component shrinks
        }
    }

    @Test
    void adamwShrinksTheWeightsApartFromTheGradientStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageSplit train = Datasets.load(TestData.slice(), m).train();
            check(m, train, 0.5, 0.3, null, true);
        }
    }

    @Test
    void fourMicroBatchesOfFourMakeTheUpdateOfOneBatchOfSixteen() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageSplit train = Datasets.load(TestData.slice(), m).train();
            OptimizerConfig adam = new OptimizerConfig("adam", 0.5, List.of(0.0, 0.0), 1.0, 0);
            List<double[]> whole = afterOneStep(m, train, adam, null, BATCH);
            List<double[]> accumulated = afterOneStep(m, train, adam, null, BATCH / 4);
            List<double[]> before = arrays(autoencoder(m), false);
            double largest = 0;
            int moved = 0;
            for (int i = 0; i < whole.size(); i++) {
                for (int j = 0; j < whole.get(i).length; j++) {
                    largest = Math.max(
                            largest, Math.abs(whole.get(i)[j] - accumulated.get(i)[j]));
                    moved += whole.get(i)[j] != before.get(i)[j] ? 1 : 0;
                }
            }
            assertTrue(largest < 1e-5, "largest difference " + largest);
            assertTrue(moved > 100, "the step moved the weights");
        }
    }

    @Test
    void weightDecayAddsTheL2TermToTheGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageSplit train = Datasets.load(TestData.slice(), m).train();
            check(m, train, 0.5, 0.3, null);
        }
    }
}
