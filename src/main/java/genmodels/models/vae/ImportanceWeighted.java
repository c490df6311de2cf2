package genmodels.models.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.engine.Reductions;
import genmodels.engine.Seeds;
import genmodels.models.Likelihoods;
import genmodels.models.ModelEvaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The importance-weighted estimate of the negative log-likelihood of a VAE (Burda, Grosse &amp;
 * Salakhutdinov, ICLR 2016, eq. 8): with z_k = mu + sigma eps_k drawn from q(z|x),
 * log p(x) ~ log (1/K) sum_k w_k, w_k = p(x|z_k) p(z_k) / q(z_k|x). It is a lower bound on log p(x)
 * that tightens as K grows, and at K = 1 it is the single-sample ELBO. Computed with log-sum-exp
 * over k, in batches of images so that K x batch rows fit in memory.
 *
 * <p>As an evaluation of a VAE ({@code evaluate --importance-samples K}), reported in nats per image
 * and bits per dimension, with the time it took.
 */
public final class ImportanceWeighted implements ModelEvaluation {

    /** The key of the figures in eval.json. */
    public static final String NAME = "importance_weighted_nll";

    /**
     * Decoded rows per forward pass (images x samples): 8,192 rows of 784 floats are 25 MB, under
     * glibc's 32 MB mmap ceiling, so the arrays are reused from the heap instead of mapped and
     * zeroed by the kernel for every batch (at 32,768 rows the pass spent most of its time in the
     * kernel).
     */
    static final int ROWS = 8_192;

    private final VariationalAutoencoder vae;

    /** @param vae the model to evaluate */
    ImportanceWeighted(VariationalAutoencoder vae) {
        this.vae = vae;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("IW NLL (nats)", "nats"), new Column("IW bits/dim", "bits_per_dim"));
    }

    /**
     * @return nats (mean per test image), bits_per_dim, samples (K) and seconds; or a sentence when
     *     K is 0
     */
    @Override
    public Object evaluate(Input input) {
        int k = input.settings().importanceSamples();
        if (k <= 0) {
            return "not computed: --importance-samples 0";
        }
        Seeds.seedEngine(input.settings().seed());
        long start = System.nanoTime();
        IntConsumer progress = input.progress()
                .start("importance-weighted NLL (K=" + k + ")", input.test().size(), "test images");
        double nll = meanNll(vae, input.store(), input.test(), k, input.manager(), progress);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nats", nll);
        out.put("bits_per_dim", Likelihoods.bitsPerDim(nll, input.test().dimensions()));
        out.put(
                "bits_per_dim_basis",
                NegativeElbo.bitsBasis(input.data(), vae.config().likelihood()));
        out.put("samples", k);
        if (vae.conditional()) {
            out.put("conditional", NegativeElbo.CONDITIONAL);
        }
        out.put("seconds", (System.nanoTime() - start) / 1e9);
        return out;
    }

    /** One batch of test images with K draws each: the pass's representative piece. */
    @Override
    public Optional<Runnable> timingKernel(Input input, NDManager scope) {
        int k = input.settings().importanceSamples();
        return k <= 0 ? Optional.empty() : Optional.of(timingKernel(vae, input.store(), input.test(), k, scope));
    }

    /**
     * log w_k for given noise: log p(x|z) + log p(z) - log q(z|x), with z = mu + exp(logvar/2) eps
     * and p(z) the VAE's prior (normal or VampPrior).
     *
     * @param x images, [b, pixels]
     * @param eps standard normal draws, [b, k, latent]
     * @return [b, k] float32, nats
     */
    public static NDArray logWeights(VariationalAutoencoder vae, ParameterStore store, NDArray x, NDArray eps) {
        return logWeights(vae, store, x, null, eps);
    }

    /**
     * {@link #logWeights(VariationalAutoencoder, ParameterStore, NDArray, NDArray)} of a conditional
     * VAE: log p(x|z,y) + log p(z) - log q(z|x,y).
     *
     * @param labels the images' classes, int32 [b]; ignored (may be null) by an unconditional VAE
     */
    public static NDArray logWeights(
            VariationalAutoencoder vae, ParameterStore store, NDArray x, NDArray labels, NDArray eps) {
        NDList terms = vae.importanceTerms(store, x, labels, eps, false);
        return terms.get(1).sub(terms.get(0)); // log p(z) - log q(z|x) + log p(x|z)
    }

    /**
     * @param logWeights [b, k]
     * @return [b] float64: -(log sum_k exp(log w_k) - log k), nats
     */
    public static NDArray negativeLogLikelihood(NDArray logWeights) {
        long k = logWeights.getShape().get(1);
        return Reductions.logSumExp(logWeights.toType(DataType.FLOAT64, false))
                .sub(Math.log(k))
                .neg();
    }

    /**
     * The mean importance-weighted negative log-likelihood over a split.
     *
     * @param samples K, draws per image
     * @param progress called with the number of images done after each batch
     * @return nats per image
     */
    public static double meanNll(
            VariationalAutoencoder vae,
            ParameterStore store,
            Images split,
            int samples,
            NDManager manager,
            IntConsumer progress) {
        int batch = Math.max(1, ROWS / samples);
        double total = 0;
        for (int from = 0; from < split.size(); from += batch) {
            int to = Math.min(split.size(), from + batch);
            try (NDManager scratch = manager.newSubManager()) {
                NDArray x = split.slice(scratch, from, to);
                NDArray labels = vae.conditional() ? split.labels(scratch, from, to) : null;
                NDArray eps = scratch.randomNormal(new Shape(to - from, samples, vae.latentDim()), DataType.FLOAT32);
                total += negativeLogLikelihood(logWeights(vae, store, x, labels, eps))
                        .sum()
                        .getDouble();
            }
            progress.accept(to);
        }
        return total / split.size();
    }

    /**
     * A representative piece of {@link #meanNll}'s work, for choosing the thread count: one batch
     * of images with K draws each (the first images of the split).
     *
     * @param scope owns the batch; close it after timing
     */
    public static Runnable timingKernel(
            VariationalAutoencoder vae, ParameterStore store, Images split, int samples, NDManager scope) {
        int batch = Math.min(split.size(), Math.max(1, ROWS / samples));
        NDArray x = split.slice(scope, 0, batch);
        NDArray labels = vae.conditional() ? split.labels(scope, 0, batch) : null;
        return () -> {
            try (NDManager b = scope.newSubManager()) {
                NDArray eps = b.randomNormal(new Shape(batch, samples, vae.latentDim()), DataType.FLOAT32);
                negativeLogLikelihood(logWeights(vae, store, x, labels, eps))
                        .sum()
                        .getDouble();
            }
        };
    }
}
