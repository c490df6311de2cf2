package genmodels.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The common checks every registered {@link Density} family passes (after scikit-learn's {@code
 * estimator_checks}), on 400 points of two 2-D Gaussian blobs fitted with the family's defaults.
 */
class DensityContractTest {

    @TempDir
    Path tmp;

    /** @return 400 points, [400, 2] float64: blobs at (-2, 0) and (2, 1), spreads 0.5 and 1 */
    private static NDArray blobs(NDManager m) {
        Random r = new Random(7);
        double[] xy = new double[800];
        for (int i = 0; i < 400; i++) {
            boolean first = i % 2 == 0;
            xy[2 * i] = (first ? -2 : 2) + r.nextGaussian() * (first ? 0.5 : 1);
            xy[2 * i + 1] = (first ? 0 : 1) + r.nextGaussian() * (first ? 0.5 : 1);
        }
        return m.create(xy, new Shape(400, 2));
    }

    @Test
    void everyFamilyHasItsOwnType() {
        List<String> types = Densities.ALL.stream().map(DensityFamily::type).toList();
        assertEquals(types.size(), new HashSet<>(types).size(), types.toString());
    }

    @TestFactory
    Stream<DynamicTest> commonChecks() {
        return Densities.ALL.stream()
                .flatMap(f -> Stream.of(
                        DynamicTest.dynamicTest(
                                f.type() + ": a finite score on its own training points", () -> finite(f)),
                        DynamicTest.dynamicTest(
                                f.type() + ": samples of the declared shape, fixed by the seed", () -> samples(f)),
                        DynamicTest.dynamicTest(f.type() + ": save then load scores identically", () -> roundTrip(f))));
    }

    private static void finite(DensityFamily family) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = blobs(m);
            Density d = family.fitter().fit(x, new Random(1));
            assertEquals(2, d.dimension());
            NDArray s = d.scoreSamples(x);
            assertEquals(new Shape(400), s.getShape());
            double[] each = s.toType(DataType.FLOAT64, false).toDoubleArray();
            assertTrue(Arrays.stream(each).allMatch(Double::isFinite), family.type());
            double mean = Arrays.stream(each).average().orElseThrow();
            assertEquals(mean, d.score(x), 1e-9 * Math.abs(mean), "score is the mean of scoreSamples");
            d.freeParameters().ifPresent(p -> assertTrue(p > 0, "free parameters " + p));
        }
    }

    private static void samples(DensityFamily family) {
        try (NDManager m = NDManager.newBaseManager()) {
            Density d = family.fitter().fit(blobs(m), new Random(1));
            NDArray a = d.sample(m, 50, new Random(3));
            NDArray b = d.sample(m, 50, new Random(3));
            NDArray c = d.sample(m, 50, new Random(4));
            assertEquals(new Shape(50, 2), a.getShape());
            assertArrayEquals(toDoubles(a), toDoubles(b), "the same seed draws the same points");
            assertFalse(Arrays.equals(toDoubles(a), toDoubles(c)), "another seed draws other points");
        }
    }

    private void roundTrip(DensityFamily family) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve(family.type()));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = blobs(m);
            Density fitted = family.fitter().fit(x, new Random(1));
            fitted.save(folder);
            Density loaded = family.loader().load(folder, m);
            NDArray probe = fitted.sample(m, 100, new Random(5));
            assertArrayEquals(toDoubles(fitted.scoreSamples(x)), toDoubles(loaded.scoreSamples(x)));
            assertArrayEquals(toDoubles(fitted.scoreSamples(probe)), toDoubles(loaded.scoreSamples(probe)));
            assertArrayEquals(toDoubles(probe), toDoubles(loaded.sample(m, 100, new Random(5))));
            assertEquals(fitted.freeParameters(), loaded.freeParameters());
        }
    }

    private static double[] toDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
