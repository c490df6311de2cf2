package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.engine.Seeds;
import genmodels.models.Likelihoods;
import genmodels.models.ModelEvaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A diffusion model's negative variational bound on a split ({@link Diffusion#boundEstimate}):
 * one step t per image, stratified so that every t in 1..T is used equally often (image i of a
 * random order gets t = 1 + (i mod T)), which keeps the estimate unbiased and lowers its variance
 * against drawing t independently. Reported in nats per image and bits per dimension, with the
 * standard error of the mean.
 */
final class DiffusionBound implements ModelEvaluation {

    /** Images per forward pass. */
    static final int BATCH = 500;

    private final Diffusion model;

    DiffusionBound(Diffusion model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "variational_bound";
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("diffusion bound (bits/dim, 256 levels)", "bits_per_dim"));
    }

    @Override
    public Object evaluate(Input input) {
        return of(model, input.store(), input.test(), input.settings().seed(), input.manager());
    }

    /**
     * @param seed seeds the order and the noise
     * @return nats, bits_per_dim, standard_error_nats, images, estimator, seconds
     */
    static Map<String, Object> of(Diffusion model, ParameterStore store, Images split, long seed, NDManager manager) {
        long start = System.nanoTime();
        int n = split.size();
        int total = model.schedule().steps();
        int[] order = Seeds.permutation(n, new SplittableRandom(seed));
        int[] steps = new int[n];
        for (int i = 0; i < n; i++) {
            steps[order[i]] = 1 + i % total;
        }
        Seeds.seedEngine(seed);
        double sum = 0;
        double sumSquares = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            try (NDManager batch = manager.newSubManager()) {
                NDArray labels = model.conditional() ? split.labels(batch, from, to) : null;
                double[] v = model.boundEstimate(
                        store, split.slice(batch, from, to), labels, java.util.Arrays.copyOfRange(steps, from, to));
                for (double x : v) {
                    sum += x;
                    sumSquares += x * x;
                }
            }
        }
        double mean = sum / n;
        double variance = Math.max(0, sumSquares / n - mean * mean);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nats", mean);
        out.put("bits_per_dim", Likelihoods.bitsPerDim(mean, split.dimensions()));
        out.put(
                "bits_per_dim_basis",
                "the 0-255 discretisation: a bound on the negative log-probability of the 256 grey levels");
        out.put("standard_error_nats", Math.sqrt(variance / n));
        out.put("images", n);
        out.put(
                "estimator",
                "L_T + T L_{t-1}, one stratified t per image (Ho et al. 2020 eq. 5, discretised decoder"
                        + " eq. 13 on the 256 grey levels)");
        if (model.conditional()) {
            out.put("conditional", "a bound on -log p(x | y), the class y given (the test image's label)");
        }
        out.put("seconds", (System.nanoTime() - start) / 1e9);
        return out;
    }
}
