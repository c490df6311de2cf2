package genmodels.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import genmodels.config.OptimizerConfig;
import genmodels.errors.EnvironmentError;
import genmodels.errors.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamTest {

    private static final OptimizerConfig CONFIG = new OptimizerConfig("adam", 0.05, List.of(0.9, 0.999), 1e-8, 0);

    /** Two float64 parameters (a [3, 2] matrix and a [4] vector) whose loss is sum(c * w). */
    private static final class Problem implements AutoCloseable {
        static final double[] START = {0.5, -1, 2, 0, 1.5, -0.25, 1, 2, 3, 4};
        final NDManager m = NDManager.newBaseManager();
        final NDArray w1;
        final NDArray w2;
        final Adam adam;

        Problem(OptimizerConfig config) {
            this(config, START);
        }

        Problem(OptimizerConfig config, double[] start) {
            w1 = m.create(java.util.Arrays.copyOf(start, 6), new Shape(3, 2));
            w2 = m.create(java.util.Arrays.copyOfRange(start, 6, 10));
            w1.setRequiresGradient(true);
            w2.setRequiresGradient(true);
            adam = Adam.forArrays(config, List.of(w1, w2), m);
        }

        /** Sets the gradients to the given values by back-propagating sum(g * w). */
        void backward(double[] g1, double[] g2) {
            try (NDManager s = m.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // g * w, not w * g: a result joins its first operand's manager, and these belong in s
                NDArray loss = s.create(g1, new Shape(3, 2))
                        .mul(w1)
                        .sum()
                        .add(s.create(g2).mul(w2).sum());
                gc.backward(loss);
            }
        }

        /** One guarded step with a finite objective and no clipping: the plain Adam update. */
        StepResult step() {
            try (NDManager s = m.newSubManager()) {
                return adam.checkedStep(s.create(0.0), List.of(), null);
            }
        }

        double[] weights() {
            double[] a = w1.toDoubleArray();
            double[] b = w2.toDoubleArray();
            double[] all = new double[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }

        @Override
        public void close() {
            m.close();
        }
    }

    /** torch.optim.Adam's update (amsgrad off), in doubles, for every parameter entry. */
    private static final class Reference {
        final double[] w;
        final double[] m;
        final double[] v;
        final OptimizerConfig c;
        int t;

        Reference(double[] w, OptimizerConfig c) {
            this.w = w.clone();
            this.m = new double[w.length];
            this.v = new double[w.length];
            this.c = c;
        }

        void step(double[] grad) {
            t++;
            double bias1 = 1 - Math.pow(c.beta1(), t);
            double bias2 = 1 - Math.pow(c.beta2(), t);
            for (int i = 0; i < w.length; i++) {
                double g = grad[i] + c.weightDecay() * w[i];
                m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g;
                v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g * g;
                double denominator = Math.sqrt(v[i]) / Math.sqrt(bias2) + c.eps();
                w[i] -= c.lr() / bias1 * m[i] / denominator;
            }
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void fusedUpdateMatchesTorchOptimAdamAndZeroesTheGradients() {
        for (OptimizerConfig config :
                List.of(CONFIG, new OptimizerConfig("adam", 0.01, List.of(0.8, 0.99), 1e-6, 0.1))) {
            try (Problem p = new Problem(config)) {
                Reference ref = new Reference(p.weights(), config);
                Random random = new Random(4);
                for (int step = 0; step < 25; step++) {
                    double[] g1 = new double[6];
                    double[] g2 = new double[4];
                    for (int i = 0; i < 6; i++) {
                        g1[i] = random.nextGaussian() * (i == 3 ? 0 : 1); // one entry never has a gradient
                    }
                    for (int i = 0; i < 4; i++) {
                        g2[i] = random.nextGaussian() * 1e-3;
                    }
                    p.backward(g1, g2);
                    p.step();
                    ref.step(concat(g1, g2));
                    assertArrayEquals(ref.w, p.weights(), 1e-12, "step " + (step + 1) + " with " + config);
                    assertArrayEquals(new double[6], p.w1.getGradient().toDoubleArray(), 0.0);
                    assertArrayEquals(new double[4], p.w2.getGradient().toDoubleArray(), 0.0);
                }
                assertEquals(25, p.adam.stepCount());
                try (NDManager s = p.m.newSubManager()) {
                    NDList moments = AdamState.moments(p.adam, s);
                    assertArrayEquals(ref.m, moments.get(0).toDoubleArray(), 1e-12);
                    assertArrayEquals(ref.v, moments.get(1).toDoubleArray(), 1e-15);
                }
            }
        }
    }

    @Test
    void theSquaredNormSeesEveryGradientEntryOfEveryParameter() {
        try (Problem p = new Problem(CONFIG)) {
            double[] g1 = {1, -2, 3, 0.5, 0, 1};
            double[] g2 = {-1, 0.25, 2, 0};
            p.backward(g1, g2);
            double expected = 0;
            for (double g : concat(g1, g2)) {
                expected += g * g;
            }
            assertEquals(expected, p.step().gradientSquaredNorm(), 1e-12);
        }
    }

    @Test
    void checkedStepClipsToTheNormAndSkipsTheUpdateWhenATermIsNotFinite() {
        try (Problem p = new Problem(CONFIG)) {
            Reference ref = new Reference(p.weights(), CONFIG);
            double[] g1 = {3, -4, 0, 0, 0, 0};
            double[] g2 = {0, 0, 0, 12};
            p.backward(g1, g2); // norm 13
            StepResult values;
            try (NDManager s = p.m.newSubManager()) {
                values = p.adam.checkedStep(s.create(2.5), List.of(s.create(-1.0)), 6.5);
            }
            assertEquals(2.5, values.objective());
            assertArrayEquals(new double[] {-1}, values.terms());
            assertEquals(169.0, values.gradientSquaredNorm(), 1e-12, "the squared norm before clipping");
            double[] halved = concat(g1, g2);
            for (int i = 0; i < halved.length; i++) {
                halved[i] *= 0.5;
            }
            ref.step(halved);
            assertArrayEquals(ref.w, p.weights(), 1e-12, "the update of the gradient rescaled to norm 6.5");
            assertEquals(1, p.adam.stepCount());
            assertArrayEquals(new double[6], p.w1.getGradient().toDoubleArray(), 0.0);

            double[] before = p.weights();
            p.backward(g1, g2);
            try (NDManager s = p.m.newSubManager()) {
                values = p.adam.checkedStep(s.create(Double.NaN), List.of(s.create(-1.0)), null);
            }
            assertTrue(Double.isNaN(values.objective()));
            assertEquals(List.of("the objective"), values.nonFinite(List.of("t"), ""));
            assertArrayEquals(before, p.weights(), 0.0, "skipped on the device");
            assertEquals(1, p.adam.stepCount());
            p.backward(g1, g2);
            p.step(); // the next finite step is the second: bias corrections as if nothing happened
            ref.step(concat(g1, g2));
            assertArrayEquals(ref.w, p.weights(), 1e-12);
        }
    }

    @Test
    void savedStateResumesExactly() throws Exception {
        double[][] grads = new double[12][10];
        Random random = new Random(9);
        for (double[] g : grads) {
            for (int i = 0; i < g.length; i++) {
                g[i] = random.nextGaussian();
            }
        }
        double[] straight;
        byte[] saved = null;
        double[] weightsAtSave = null;
        try (Problem p = new Problem(CONFIG)) {
            for (int step = 0; step < 12; step++) {
                if (step == 5) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    p.adam.save(out);
                    saved = out.toByteArray();
                    weightsAtSave = p.weights();
                }
                p.backward(java.util.Arrays.copyOf(grads[step], 6), java.util.Arrays.copyOfRange(grads[step], 6, 10));
                p.step();
            }
            straight = p.weights();
        }
        try (Problem q = new Problem(CONFIG, weightsAtSave)) {
            q.adam.load(new ByteArrayInputStream(saved), "test state");
            assertEquals(5, q.adam.stepCount());
            for (int step = 5; step < 12; step++) {
                q.backward(java.util.Arrays.copyOf(grads[step], 6), java.util.Arrays.copyOfRange(grads[step], 6, 10));
                q.step();
            }
            assertArrayEquals(straight, q.weights(), 0.0, "bit for bit");
        }
    }

    @Test
    void refusesTheEarlierPerTensorStateInOneLine() {
        try (Problem p = new Problem(CONFIG);
                NDManager s = NDManager.newBaseManager()) {
            // the format before one flat vector per moment: magic, step (long), then m1, m2, v1, v2
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(0x4144414d);
                out.writeLong(42);
                byte[] encoded = new NDList(s.create(new double[] {1, 2})).encode();
                out.writeInt(encoded.length);
                out.write(encoded);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            UserError e = assertThrows(
                    UserError.class, () -> p.adam.load(new ByteArrayInputStream(bytes.toByteArray()), "old state"));
            assertEquals("old state is not an optimizer state written by this version of genmodels", e.getMessage());
            assertEquals(0, p.adam.stepCount());
        }
    }

    @Test
    void rejectsTheStateOfAnotherArchitectureAndTruncatedStates() throws Exception {
        byte[] saved;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.zeros(new Shape(7), DataType.FLOAT64);
            w.setRequiresGradient(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Adam.forArrays(CONFIG, List.of(w), m).save(out);
            saved = out.toByteArray();
        }
        try (Problem p = new Problem(CONFIG)) {
            UserError other =
                    assertThrows(UserError.class, () -> p.adam.load(new ByteArrayInputStream(saved), "x.params"));
            assertTrue(other.getMessage().contains("another architecture"), other.getMessage());
            byte[] cut = java.util.Arrays.copyOf(saved, saved.length / 2);
            UserError truncated =
                    assertThrows(UserError.class, () -> p.adam.load(new ByteArrayInputStream(cut), "y.params"));
            assertTrue(truncated.getMessage().startsWith("y.params"), truncated.getMessage());
            assertEquals(0, p.adam.stepCount(), "a failed load changes nothing");
        }
    }

    @Test
    void anOldLibtorchWithoutFusedAdamFailsInOneLine() {
        Adam.requireFusedAdam("2.7.1", Device.cpu());
        Adam.requireFusedAdam("2.4.0", Device.cpu());
        Adam.requireFusedAdam("2.11.0+cu130", Device.gpu());
        Adam.requireFusedAdam("2.0.1", Device.gpu());
        EnvironmentError e = assertThrows(EnvironmentError.class, () -> Adam.requireFusedAdam("1.13.0", Device.cpu()));
        assertEquals(
                "libtorch 1.13.0 has no fused Adam on the CPU, which training needs:"
                        + " use libtorch 2.4 or newer (unset PYTORCH_LIBRARY_PATH for the bundled 2.7.1)",
                e.getMessage());
        assertThrows(EnvironmentError.class, () -> Adam.requireFusedAdam("2.3.1", Device.cpu()));
        assertThrows(EnvironmentError.class, () -> Adam.requireFusedAdam("1.13.1", Device.gpu()));
    }

    /** @return how many arrays and sub-managers {@code manager} holds (DJL's BaseNDManager.resources) */
    private static int held(NDManager manager) throws ReflectiveOperationException {
        java.lang.reflect.Field f = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((java.util.Map<?, ?>) f.get(manager)).size();
    }

    @Test
    void theOptimizersManagerHoldsAsManyResourcesAfter1000StepsAsAfter10() throws Exception {
        try (Problem p = new Problem(CONFIG)) {
            double[] g1 = {1, -2, 3, -4, 5, -6};
            double[] g2 = {0.5, 0.25, -0.5, 1};
            int after10 = 0;
            for (int step = 1; step <= 1000; step++) {
                p.backward(g1, g2);
                try (NDManager s = p.m.newSubManager()) { // clipping on: the coefficient path too
                    p.adam.checkedStep(s.create(1.0), List.of(s.create(0.5)), 1.0);
                }
                if (step == 10) {
                    after10 = held(p.m);
                }
            }
            assertEquals(after10, held(p.m), "arrays or sub-managers left in the optimizer's manager per step");
        }
    }
}
