package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigException;
import genmodels.data.ImageSplit;
import genmodels.density.pca.Pca;
import genmodels.engine.ImageSpec;
import genmodels.io.ImageGrid;
import genmodels.io.RunDirectory;
import genmodels.models.GenerativeModel;
import genmodels.plot.ScatterCharts;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Pictures of the latent space. Every {@code sampleEvery} epochs and after the last: a scatter of
 * the test codes coloured by class, named as the data name them (for codes of more than two dimensions, their first two
 * principal components). After training: for a 2-D latent, {@code manifold.png}, the decoder's
 * output on a regular 20x20 grid spanning the 1st to 99th percentile of the test codes in each
 * dimension (as in Kingma &amp; Welling 2014, figure 4), and with a prior (SWAE, VAE) {@code
 * latent_prior.png}, 1,000 of the prior's draws drawn over the test codes; for any latent, {@code
 * interpolation.png}, two test images (chosen by {@code output.interpolation}, or the first and the
 * first of another digit) with the decoded straight line between their codes.
 */
public final class LatentSpaceWriter implements TrainingListener {

    static final int MANIFOLD_SIDE = 20;
    static final int INTERPOLATION_STEPS = 10;
    static final int PRIOR_DRAWS = 1000;

    private final GenerativeModel model;
    private final ParameterStore store;
    private final RunDirectory run;
    private final ImageSplit test;
    private final int sampleEvery;
    private final int epochs;
    private final NDManager manager;
    private final ImageSpec image;
    private final int[] ends;

    /**
     * @param interpolation the two test images interpolation.png runs between, or null for the
     *     first test image and the first of another class
     * @throws ConfigException naming output.interpolation when an index is not a test image
     */
    public LatentSpaceWriter(
            GenerativeModel model,
            ParameterStore store,
            RunDirectory run,
            ImageSplit test,
            int sampleEvery,
            int epochs,
            NDManager manager,
            ImageSpec image,
            List<Integer> interpolation) {
        this.image = image;
        checkInterpolation(interpolation, test.size());
        this.ends = interpolation == null ? null : new int[] {interpolation.get(0), interpolation.get(1)};
        this.model = model;
        this.store = store;
        this.run = run;
        this.test = test;
        this.sampleEvery = sampleEvery;
        this.epochs = epochs;
        this.manager = manager;
    }

    /**
     * Checks {@code output.interpolation} against the test set, before a run is opened.
     *
     * @param interpolation two test-image indices, or null
     * @param testImages the number of test images
     * @throws ConfigException naming output.interpolation when an index is not a test image
     */
    public static void checkInterpolation(List<Integer> interpolation, int testImages) {
        if (interpolation != null && Math.max(interpolation.get(0), interpolation.get(1)) >= testImages) {
            throw new ConfigException(
                    "output.interpolation",
                    "names test image " + Math.max(interpolation.get(0), interpolation.get(1)) + " but there are "
                            + testImages + " (indices 0 to " + (testImages - 1) + "); choose two below " + testImages);
        }
    }

    /**
     * Encodes a whole split in chunks.
     *
     * @return codes, float32 [n, latentDim], in {@code into}
     */
    public static NDArray encodeAll(GenerativeModel model, ParameterStore store, ImageSplit split, NDManager into) {
        NDList parts = new NDList();
        for (int from = 0; from < split.size(); from += TrainingLoop.EVAL_BATCH) {
            int to = Math.min(split.size(), from + TrainingLoop.EVAL_BATCH);
            try (NDManager batch = into.newSubManager()) {
                NDArray codes = model.encode(store, split.slice(batch, from, to).images());
                codes.attach(into);
                parts.add(codes);
            }
        }
        return NDArrays.concat(parts, 0);
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        int epoch = result.epoch();
        if (epoch == epochs || (sampleEvery > 0 && epoch % sampleEvery == 0)) {
            try (NDManager scratch = manager.newSubManager()) {
                scatter(encodeAll(model, store, test, scratch), epoch);
            }
        }
    }

    @Override
    public void onTrainingEnd(List<EpochResult> history) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray codes = encodeAll(model, store, test, scratch);
            if (model.latentDim() == 2) {
                manifold(codes, scratch);
                if (model.prior().isPresent()) {
                    priorBeneath(codes, scratch);
                } else {
                    normalBeneath(codes, scratch);
                }
            }
            interpolation(codes, scratch);
        }
    }

    private void scatter(NDArray codes, int epoch) throws IOException {
        int[] labels = test.labels().toIntArray();
        List<String> names = classNames();
        int d = model.latentDim();
        String title = String.format(
                Locale.ROOT, "%s: test codes, epoch %d", run.root().getFileName(), epoch);
        float[] x;
        float[] y;
        String xLabel = "z1";
        String yLabel = "z2";
        if (d == 1) {
            x = codes.toFloatArray();
            y = test.labels().toType(DataType.FLOAT32, false).toFloatArray();
            yLabel = "class";
        } else if (d == 2) {
            x = codes.get(":, 0").toFloatArray();
            y = codes.get(":, 1").toFloatArray();
        } else {
            Pca pca = Pca.fit(codes);
            NDArray projected = pca.transform(codes, 2).toType(DataType.FLOAT32, false);
            double[] ratio = pca.explainedVarianceRatio();
            title += " (first two principal components of " + d + "-D codes)";
            xLabel = String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * ratio[0]);
            yLabel = String.format(Locale.ROOT, "PC2 (%.0f%% of variance)", 100 * ratio[1]);
            x = projected.get(":, 0").toFloatArray();
            y = projected.get(":, 1").toFloatArray();
        }
        ScatterCharts.scatterByClass(run.latent(epoch), title, xLabel, yLabel, x, y, labels, null, null, null, names);
    }

    /** @return the data's class names as the run recorded them (classes.json, folder data), or null */
    private List<String> classNames() {
        return run.recordedClassNames().orElse(null);
    }

    /**
     * Draws from the prior over the test codes: where the codes leave the prior's mass uncovered,
     * its samples decode to images the model has not learnt. Drawn after every other picture, so that
     * the engine's random stream they use stays as it was for them.
     */
    private void priorBeneath(NDArray codes, NDManager m) throws IOException {
        NDArray draws;
        try (NDManager own = m.newSubManager()) {
            draws = model.prior().orElseThrow().sample(own, PRIOR_DRAWS, 2);
            draws.attach(m);
        }
        ScatterCharts.scatterByClass(
                run.root().resolve("latent_prior.png"),
                String.format(
                        Locale.ROOT,
                        "%s: %d draws from the prior (crosses) over the test codes",
                        run.root().getFileName(),
                        PRIOR_DRAWS),
                "z1",
                "z2",
                codes.get(":, 0").toFloatArray(),
                codes.get(":, 1").toFloatArray(),
                test.labels().toIntArray(),
                draws.get(":, 0").toFloatArray(),
                draws.get(":, 1").toFloatArray(),
                "prior draws",
                classNames());
    }

    /**
     * latent_normal.png, for a model with no prior (a plain autoencoder): N(0, I) draws over the
     * test codes, where {@code sample --sampler normal} would decode, and the codes' own extent in
     * the title. Drawn from a fixed java.util.Random, so the engine's random stream is untouched.
     */
    private void normalBeneath(NDArray codes, NDManager m) throws IOException {
        java.util.Random random = new java.util.Random(0); // the same draws in every run
        float[] dx = new float[PRIOR_DRAWS];
        float[] dy = new float[PRIOR_DRAWS];
        for (int i = 0; i < PRIOR_DRAWS; i++) {
            dx[i] = (float) random.nextGaussian();
            dy[i] = (float) random.nextGaussian();
        }
        NDArray z1 = codes.get(":, 0");
        NDArray z2 = codes.get(":, 1");
        ScatterCharts.scatterByClass(
                run.root().resolve("latent_normal.png"),
                String.format(
                        Locale.ROOT,
                        "%s: %d N(0, I) draws (crosses) over the test codes",
                        run.root().getFileName(),
                        PRIOR_DRAWS),
                "z1 (test codes " + extent(z1) + ")",
                "z2 (test codes " + extent(z2) + ")",
                z1.toFloatArray(),
                z2.toFloatArray(),
                test.labels().toIntArray(),
                dx,
                dy,
                "N(0, I) draws",
                classNames());
    }

    /** @return "from MIN to MAX" of a column of codes, for an axis title */
    private static String extent(NDArray column) {
        return "from " + genmodels.plot.Charts.readable(column.min().getFloat()) + " to "
                + genmodels.plot.Charts.readable(column.max().getFloat());
    }

    /** Decoder outputs on a 20x20 grid; the top row is the largest z2, as on a plot. */
    private void manifold(NDArray codes, NDManager m) throws IOException {
        float[][] range = new float[2][];
        for (int j = 0; j < 2; j++) {
            float[] column = codes.get(new NDIndex(":, {}", j)).toFloatArray();
            java.util.Arrays.sort(column);
            range[j] =
                    new float[] {column[(int) (0.01 * (column.length - 1))], column[(int) (0.99 * (column.length - 1))]
                    };
        }
        float[] grid = new float[MANIFOLD_SIDE * MANIFOLD_SIDE * 2];
        for (int row = 0; row < MANIFOLD_SIDE; row++) {
            for (int col = 0; col < MANIFOLD_SIDE; col++) {
                int k = (row * MANIFOLD_SIDE + col) * 2;
                grid[k] = lerp(range[0], col / (MANIFOLD_SIDE - 1f));
                grid[k + 1] = lerp(range[1], 1f - row / (MANIFOLD_SIDE - 1f));
            }
        }
        NDArray z = m.create(grid, new Shape(MANIFOLD_SIDE * MANIFOLD_SIDE, 2));
        ImageGrid.write(model.decode(store, z), image, MANIFOLD_SIDE, run.manifold());
    }

    private static float lerp(float[] range, float t) {
        return range[0] + t * (range[1] - range[0]);
    }

    /** One row: image a, decoded codes from z(a) to z(b) in equal steps, image b. */
    private void interpolation(NDArray codes, NDManager m) throws IOException {
        int a = 0;
        int b = 1;
        if (ends != null) {
            a = ends[0];
            b = ends[1];
        } else {
            int[] labels = test.labels().toIntArray();
            while (b < labels.length - 1 && labels[b] == labels[0]) {
                b++;
            }
        }
        NDArray za = codes.get(a);
        NDArray zb = codes.get(b);
        float[] t = new float[INTERPOLATION_STEPS];
        for (int i = 0; i < t.length; i++) {
            t[i] = i / (INTERPOLATION_STEPS - 1f);
        }
        NDArray weights = m.create(t, new Shape(INTERPOLATION_STEPS, 1));
        NDArray path = za.expandDims(0).add(zb.sub(za).expandDims(0).mul(weights));
        NDArray decoded = model.decode(store, path);
        NDArray row = NDArrays.concat(
                new NDList(
                        test.slice(m, a, a + 1).images(),
                        decoded,
                        test.slice(m, b, b + 1).images()),
                0);
        ImageGrid.write(row, image, INTERPOLATION_STEPS + 2, run.interpolation());
    }
}
