package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Negative log-likelihoods of images under a decoder's output, per image, in nats. Scalars that
 * enter the autograd graph come from the model's {@link Scalars}.
 */
public final class Likelihoods {

    private Likelihoods() {}

    /**
     * Bernoulli negative log-likelihood, i.e. binary cross-entropy summed over pixels, computed
     * stably from logits: {@code softplus(l) - x * l}, which equals
     * {@code -[x log sigmoid(l) + (1 - x) log(1 - sigmoid(l))]} without overflow for any l.
     *
     * @param logits decoder output before the sigmoid, [batch, pixels]
     * @param x targets, [batch, pixels] in [0, 1]
     * @return [batch], nats, summed over pixels
     */
    public static NDArray bernoulliFromLogits(NDArray logits, NDArray x) {
        return Activation.softPlus(logits).sub(x.mul(logits)).sum(new int[] {1});
    }

    /**
     * {@link #bernoulliFromLogits} for k decodings of each image, without repeating the images:
     * {@code sum_j softplus(l_j) - sum_j x_j l_j}, the second sum as one batched product of each
     * image with its k rows of logits (the data term is linear in the logits).
     *
     * @param logits [b * k, pixels], the k rows of image i at i * k ... i * k + k - 1
     * @param x targets, [b, pixels] in [0, 1]
     * @param k decodings per image
     * @return [b, k], nats, summed over pixels
     */
    public static NDArray bernoulliFromLogits(NDArray logits, NDArray x, long k) {
        long b = x.getShape().get(0);
        long pixels = x.getShape().get(1);
        NDArray softplus = Activation.softPlus(logits).sum(new int[] {1}).reshape(b, k);
        NDArray data =
                logits.reshape(b, k, pixels).matMul(x.reshape(b, pixels, 1)).reshape(b, k);
        return softplus.sub(data);
    }

    /**
     * Gaussian negative log-likelihood with fixed standard deviation sigma around
     * {@code mean = sigmoid(logits)}: {@code sum((x - mean)^2) / (2 sigma^2) + (D / 2) log(2 pi sigma^2)}.
     *
     * @param logits decoder output before the sigmoid, [batch, pixels]
     * @param x targets, [batch, pixels] in [0, 1]
     * @param sigma the fixed standard deviation, > 0
     * @param scalars the model's constants
     * @return [batch], nats, summed over pixels (a density: it can be negative)
     */
    public static NDArray gaussianFromLogits(NDArray logits, NDArray x, double sigma, Scalars scalars) {
        long pixels = x.getShape().get(1);
        NDArray scale = scalars.of(1.0 / (2 * sigma * sigma));
        NDArray constant = scalars.of(0.5 * pixels * Math.log(2 * Math.PI * sigma * sigma));
        NDArray squared = Activation.sigmoid(logits).sub(x).square().sum(new int[] {1});
        return squared.mul(scale).add(constant);
    }

    /**
     * Squared error between the decoder's mean {@code sigmoid(logits)} and the images.
     *
     * @param logits decoder output before the sigmoid, [batch, pixels]
     * @param x targets, [batch, pixels] in [0, 1]
     * @return [batch], summed over pixels (divide by the pixel count for the mean per pixel)
     */
    public static NDArray squaredError(NDArray logits, NDArray x) {
        return Activation.sigmoid(logits).sub(x).square().sum(new int[] {1});
    }

    /**
     * Squared error between a linear decoder's output, the pixel means themselves, and the images.
     *
     * @param means decoder output, [batch, pixels]
     * @param x targets, [batch, pixels] in [0, 1]
     * @return [batch], summed over pixels
     */
    public static NDArray squaredErrorOfMeans(NDArray means, NDArray x) {
        return means.sub(x).square().sum(new int[] {1});
    }

    /**
     * Bernoulli negative log-likelihood of pixel means given directly (not as logits), clipped to
     * [1e-6, 1 - 1e-6] so that a mean outside (0, 1) costs a finite amount:
     * {@code -sum[x log p + (1 - x) log(1 - p)]}.
     *
     * @param means [batch, pixels]
     * @param x targets, [batch, pixels] in [0, 1]
     * @return [batch], nats, summed over pixels
     */
    public static NDArray bernoulliOfMeans(NDArray means, NDArray x) {
        NDArray p = means.clip(1e-6f, 1f - 1e-6f);
        return x.mul(p.log())
                .add(x.neg().add(1f).mul(p.neg().add(1f).log()))
                .sum(new int[] {1})
                .neg();
    }

    /**
     * The reconstruction loss an autoencoder is configured with.
     *
     * @param loss {@code bce} (Bernoulli negative log-likelihood, nats) or {@code mse} (squared error)
     * @param logits decoder output before the sigmoid, [batch, pixels]
     * @param x targets, [batch, pixels] in [0, 1]
     * @return [batch], summed over pixels
     */
    public static NDArray reconstruction(String loss, NDArray logits, NDArray x) {
        return "mse".equals(loss) ? squaredError(logits, x) : bernoulliFromLogits(logits, x);
    }

    /**
     * @param nats a negative log-likelihood per image
     * @param dimensions values per image (pixels times channels)
     * @return the same in bits per dimension: nats / (dimensions ln 2)
     */
    public static double bitsPerDim(double nats, int dimensions) {
        return nats / (dimensions * Math.log(2));
    }
}
