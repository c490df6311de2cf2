package genmodels.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import genmodels.config.OptimizerConfig;
import genmodels.engine.Seeds;
import genmodels.models.Classification;
import genmodels.optim.Adam;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A linear probe: multinomial logistic regression (softmax of {@code x W + b}) fitted by Adam on
 * standardised features, to measure how much of the class a representation makes linearly
 * readable. Fitted the same way on codes and on pixels, the two test accuracies compare the
 * representations, not the classifiers.
 */
public final class LinearProbe {

    /** Points per Adam step. */
    public static final int BATCH = 256;

    /** Adam's learning rate. */
    public static final double LR = 1e-2;

    private LinearProbe() {}

    /**
     * @param testAccuracy fraction of the test points classified right after the last step
     * @param testCrossEntropy mean softmax cross-entropy on the test points, nats
     * @param steps the Adam steps at which the test accuracy was measured
     * @param accuracy the test accuracy at those steps
     */
    public record Result(double testAccuracy, double testCrossEntropy, double[] steps, double[] accuracy) {}

    /** Test-accuracy measurements along the fit. */
    public static final int MEASUREMENTS = 20;

    /**
     * @param train [n, d] features (any float type)
     * @param trainLabels int32 [n], 0 .. classes - 1
     * @param test [m, d]
     * @param testLabels int32 [m]
     * @param classes the number of classes
     * @param steps Adam steps of {@link #BATCH} points, through successive shuffles of the training points
     * @param seed seeds the order of the points
     * @return the probe's test figures
     */
    public static Result fit(
            NDArray train, NDArray trainLabels, NDArray test, NDArray testLabels, int classes, int steps, long seed) {
        try (NDManager scope = train.getManager().newSubManager()) {
            NDArray x = train.toType(DataType.FLOAT32, true);
            x.attach(scope);
            NDArray mean = x.mean(new int[] {0}, true);
            NDArray std = x.sub(mean).square().mean(new int[] {0}, true).sqrt().add(1e-6f);
            NDArray xs = x.sub(mean).div(std);
            NDArray ts = test.toType(DataType.FLOAT32, false).sub(mean).div(std);
            NDArray y = trainLabels.toType(DataType.INT32, false);
            NDArray ty = testLabels.toType(DataType.INT32, false);
            int d = Math.toIntExact(x.getShape().get(1));
            NDArray w = scope.zeros(new Shape(d, classes), DataType.FLOAT32);
            NDArray b = scope.zeros(new Shape(classes), DataType.FLOAT32);
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            Adam adam =
                    Adam.forArrays(new OptimizerConfig("adam", LR, List.of(0.9, 0.999), 1e-8, 0), List.of(w, b), scope);
            int n = Math.toIntExact(x.getShape().get(0));
            SplittableRandom random = new SplittableRandom(seed);
            double[] at = new double[MEASUREMENTS];
            double[] accuracy = new double[MEASUREMENTS];
            int[] order = Seeds.permutation(n, random);
            int next = 0;
            int measured = 0;
            for (int s = 1; s <= steps; s++) {
                if (next >= n) {
                    order = Seeds.permutation(n, random);
                    next = 0;
                }
                int[] rows = java.util.Arrays.copyOfRange(order, next, Math.min(n, next + BATCH));
                next += BATCH;
                step(xs, y, w, b, rows, adam);
                if (measured < MEASUREMENTS && s >= (long) steps * (measured + 1) / MEASUREMENTS) {
                    at[measured] = s;
                    accuracy[measured++] = score(ts, ty, w, b)[0];
                }
            }
            double[] last = score(ts, ty, w, b);
            return new Result(
                    last[0],
                    last[1],
                    java.util.Arrays.copyOf(at, measured),
                    java.util.Arrays.copyOf(accuracy, measured));
        }
    }

    /** One Adam step on the cross-entropy of the given rows. */
    private static void step(NDArray xs, NDArray y, NDArray w, NDArray b, int[] rows, Adam adam) {
        try (NDManager step = xs.getManager().newSubManager()) {
            step.tempAttachAll(xs, y, w, b);
            NDArray index = step.create(rows);
            NDArray xb = xs.get(new NDIndex("{}", index));
            NDArray yb = y.get(new NDIndex("{}", index));
            NDArray objective;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                objective = Classification.crossEntropy(xb.matMul(w).add(b), yb).mean();
                collector.backward(objective);
            }
            adam.checkedStep(objective, List.of(), null);
        }
    }

    /** @return {accuracy, mean cross-entropy} of the probe on standardised points */
    private static double[] score(NDArray xs, NDArray y, NDArray w, NDArray b) {
        try (NDManager scope = xs.getManager().newSubManager()) {
            scope.tempAttachAll(xs, y, w, b);
            NDArray logits = xs.matMul(w.stopGradient()).add(b.stopGradient());
            double n = xs.getShape().get(0);
            return new double[] {
                Classification.correct(logits, y).getFloat() / n,
                Classification.crossEntropy(logits, y).mean().getFloat()
            };
        }
    }
}
