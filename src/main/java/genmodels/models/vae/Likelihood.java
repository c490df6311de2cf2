package genmodels.models.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import genmodels.models.Likelihoods;
import genmodels.models.Scalars;

/** The decoder's p(x|z), {@code model.likelihood}: {@link Bernoulli} or {@link Gaussian}. */
sealed interface Likelihood {

    /**
     * @param logits decoder output, [b, pixels]
     * @param x images [b, pixels] in [0, 1]
     * @return -log p(x|z), [b], nats
     */
    NDArray nll(NDArray logits, NDArray x, Scalars scalars);

    /**
     * @param logits [b * k, pixels], the k decodings of image i at rows i * k ... i * k + k - 1
     * @param x [b, pixels]
     * @return -log p(x|z_j), [b, k], nats
     */
    NDArray nll(NDArray logits, NDArray x, long k, Scalars scalars);

    /** @return the likelihood {@code model.likelihood} names */
    static Likelihood of(VaeConfig config) {
        return config.likelihood().equals("gaussian") ? new Gaussian(config.sigma()) : new Bernoulli();
    }

    /** Pixels as probabilities: the binary cross-entropy from logits. */
    record Bernoulli() implements Likelihood {
        @Override
        public NDArray nll(NDArray logits, NDArray x, Scalars scalars) {
            return Likelihoods.bernoulliFromLogits(logits, x);
        }

        @Override
        public NDArray nll(NDArray logits, NDArray x, long k, Scalars scalars) {
            return Likelihoods.bernoulliFromLogits(logits, x, k);
        }
    }

    /**
     * N(x; sigmoid(logits), sigma^2 I).
     *
     * @param sigma the fixed standard deviation, {@code model.sigma}
     */
    record Gaussian(double sigma) implements Likelihood {
        @Override
        public NDArray nll(NDArray logits, NDArray x, Scalars scalars) {
            return Likelihoods.gaussianFromLogits(logits, x, sigma, scalars);
        }

        @Override
        public NDArray nll(NDArray logits, NDArray x, long k, Scalars scalars) {
            long b = x.getShape().get(0);
            NDArray repeated = x.expandDims(1)
                    .broadcast(new Shape(b, k, x.getShape().get(1)))
                    .reshape(b * k, -1);
            return nll(logits, repeated, scalars).reshape(b, k);
        }
    }
}
