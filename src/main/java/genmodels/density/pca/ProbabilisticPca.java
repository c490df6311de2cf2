package genmodels.density.pca;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.density.Draws;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Probabilistic PCA (Tipping &amp; Bishop, JRSS-B 1999): x = W z + mu + eps, z ~ N(0, I_q),
 * eps ~ N(0, sigma^2 I_d), so x ~ N(mu, C) with C = W W^T + sigma^2 I. The maximum-likelihood
 * solution (their eqs. 7-8) comes from the eigendecomposition of the sample covariance S (1/N):
 * sigma^2 = the mean of the d - q discarded eigenvalues, W = U_q (Lambda_q - sigma^2 I)^{1/2}
 * (taking the arbitrary rotation R = I). Immutable.
 */
public final class ProbabilisticPca implements Density {

    /** The registry entry: q = 1 by default (the common checks' points are 2-D). */
    public static final DensityFamily FAMILY = new DensityFamily(
            "ppca",
            "probabilistic PCA (Tipping & Bishop 1999), the maximum-likelihood solution",
            (x, random) -> fromPca(Pca.fit(x), 1),
            ProbabilisticPca::load);

    /** The PCA it is built on, {@link Pca#save}'s binary form. */
    public static final String PCA_FILE = "pca.params";

    /** The latent dimension q, beside {@link #PCA_FILE}. */
    public static final String FILE = "ppca.json";

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Pca pca;
    private final int q;
    private final double[] lambda;
    private final double noiseVariance;

    private ProbabilisticPca(Pca pca, int q, double[] lambda, double noiseVariance) {
        this.pca = pca;
        this.q = q;
        this.lambda = lambda;
        this.noiseVariance = noiseVariance;
    }

    /**
     * @param pca a PCA of the data (its variances are rescaled from 1/(n-1) to the ML 1/n)
     * @param q latent dimension, 1 <= q < d
     * @return the maximum-likelihood PPCA
     */
    public static ProbabilisticPca fromPca(Pca pca, int q) {
        int d = pca.dimension();
        if (q < 1 || q >= d) {
            throw new UserError(
                    "probabilistic PCA needs 1 <= n_components < " + d + " (the data dimension), found " + q);
        }
        double ml = (pca.nSamples() - 1.0) / pca.nSamples();
        double[] all = pca.explainedVariance();
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            lambda[i] = all[i] * ml;
        }
        double discarded = 0;
        for (int i = q; i < d; i++) {
            discarded += lambda[i];
        }
        double sigma2 = discarded / (d - q);
        if (!(sigma2 > 0)) {
            throw new UserError("probabilistic PCA with " + q + " components leaves no variance for the noise (the data"
                    + " lie in a " + q + "-dimensional subspace); use fewer components");
        }
        return new ProbabilisticPca(pca, q, java.util.Arrays.copyOf(lambda, q), sigma2);
    }

    /** @return sigma^2, the maximum-likelihood noise variance */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** @return q */
    public int latentDim() {
        return q;
    }

    /**
     * @return W, [d][q]: column j is the j-th principal axis scaled by sqrt(lambda_j - sigma^2)
     */
    public double[][] loadings() {
        int d = pca.dimension();
        double[][] w = new double[d][q];
        for (int j = 0; j < q; j++) {
            double s = Math.sqrt(Math.max(lambda[j] - noiseVariance, 0));
            double[] u = pca.component(j);
            for (int i = 0; i < d; i++) {
                w[i][j] = u[i] * s;
            }
        }
        return w;
    }

    /**
     * Log-density log N(x | mu, W W^T + sigma^2 I), in nats, from the eigenstructure of C: its
     * eigenvalues are lambda_1..lambda_q and sigma^2 (d - q times), so
     * log det C = sum log lambda_j + (d - q) log sigma^2 and
     * (x-mu)^T C^{-1} (x-mu) = |x-mu|^2 / sigma^2 - sum_j (1/sigma^2 - 1/lambda_j) (u_j.(x-mu))^2.
     *
     * @param x [n, d]
     * @return float64 [n], in the manager of x
     */
    @Override
    public NDArray scoreSamples(NDArray x) {
        NDManager m = x.getManager();
        int d = pca.dimension();
        NDArray centred =
                x.toType(DataType.FLOAT64, false).sub(m.create(pca.mean()).reshape(1, d));
        NDArray projected = centred.matMul(pca.componentMatrix(m, q)); // [n, q]
        double[] shrink = new double[q];
        double logDet = (d - q) * Math.log(noiseVariance);
        for (int j = 0; j < q; j++) {
            shrink[j] = 1 / noiseVariance - 1 / lambda[j];
            logDet += Math.log(lambda[j]);
        }
        NDArray quadratic = centred.square()
                .sum(new int[] {1})
                .div(noiseVariance)
                .sub(projected.square().mul(m.create(shrink).reshape(1, q)).sum(new int[] {1}));
        return quadratic.add(d * LOG_2PI + logDet).mul(-0.5);
    }

    /** @return mean log-likelihood per sample, nats */
    @Override
    public double score(NDArray x) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(x);
            return scoreSamples(x).mean().getDouble();
        }
    }

    /**
     * The posterior mean of the latent, E[z | x] = M^{-1} W^T (x - mu) with M = W^T W + sigma^2 I
     * (Tipping &amp; Bishop eq. 16); with W as above M = Lambda_q, so coordinate j is
     * sqrt(lambda_j - sigma^2) / lambda_j times the j-th principal coordinate.
     *
     * @param x [n, d]
     * @return float64 [n, q]
     */
    public NDArray posteriorMean(NDArray x) {
        NDManager m = x.getManager();
        double[] factor = new double[q];
        for (int j = 0; j < q; j++) {
            factor[j] = Math.sqrt(Math.max(lambda[j] - noiseVariance, 0)) / lambda[j];
        }
        return pca.transform(x, q).mul(m.create(factor).reshape(1, q));
    }

    /**
     * Draws from the model.
     *
     * @param manager where the samples are created
     * @param n how many
     * @param withNoise add eps ~ N(0, sigma^2 I); without it, the means W z + mu of p(x | z)
     * @param random the only source of z and eps
     * @return float64 [n, d]
     */
    public NDArray sample(NDManager manager, int n, boolean withNoise, Random random) {
        int d = pca.dimension();
        NDArray z = Draws.standardNormal(manager, random, n, q);
        double[][] w = loadings();
        double[] flat = new double[d * q];
        for (int i = 0; i < d; i++) {
            System.arraycopy(w[i], 0, flat, i * q, q);
        }
        NDArray x = z.matMul(manager.create(flat, new Shape(d, q)).transpose())
                .add(manager.create(pca.mean()).reshape(1, d));
        if (withNoise) {
            x = x.add(Draws.standardNormal(manager, random, n, d).mul(Math.sqrt(noiseVariance)));
        }
        return x;
    }

    /** Draws x = W z + mu + eps: the model's own samples, noise included. */
    @Override
    public NDArray sample(NDManager manager, int n, Random random) {
        return sample(manager, n, true, random);
    }

    @Override
    public int dimension() {
        return pca.dimension();
    }

    /** @return d q + d + 1 - q (q - 1) / 2: W up to rotation, mu and sigma^2 (Tipping &amp; Bishop, section 2.3) */
    @Override
    public OptionalLong freeParameters() {
        long d = pca.dimension();
        return OptionalLong.of(d * q + d + 1 - (long) q * (q - 1) / 2);
    }

    /** Writes {@link #PCA_FILE} and {@link #FILE}. */
    @Override
    public void save(Path folder) throws IOException {
        AtomicFiles.write(folder.resolve(PCA_FILE), pca::save);
        Json.write(folder.resolve(FILE), Map.of("n_components", q));
    }

    /** @return the PPCA {@link #save} wrote into {@code folder} */
    public static ProbabilisticPca load(Path folder, NDManager manager) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(folder.resolve(PCA_FILE))) {
            throw new UserError(folder + " holds no " + FILE + " and " + PCA_FILE
                    + "; fit with genmodels fit pca --set model.probabilistic=true");
        }
        int q = Json.mapper().readTree(file.toFile()).path("n_components").asInt();
        try (InputStream in = Files.newInputStream(folder.resolve(PCA_FILE))) {
            return fromPca(Pca.load(in, folder.resolve(PCA_FILE).toString()), q);
        }
    }
}
