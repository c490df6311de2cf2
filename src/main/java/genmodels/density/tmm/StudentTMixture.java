package genmodels.density.tmm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.density.Cholesky;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import genmodels.engine.Reductions;
import genmodels.errors.UserError;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A mixture of multivariate Student-t distributions with full covariances and a fixed, shared
 * number of degrees of freedom nu, fitted by EM (Peel &amp; McLachlan, Statistics and Computing
 * 2000, section 4, with nu known). Each component's density is
 *
 * <pre>
 *   t(x; mu, Sigma, nu) = Gamma((nu + d)/2) / (Gamma(nu/2) (nu pi)^(d/2) |Sigma|^(1/2))
 *                         * (1 + delta / nu)^(-(nu + d)/2),   delta = (x - mu)^T Sigma^-1 (x - mu)
 * </pre>
 *
 * The E-step gives the responsibilities tau_ik and the weights u_ik = (nu + d) / (nu + delta_ik),
 * the expected precision scale of point i under component k: a point far from the centre gets a
 * small u and pulls the mean and covariance less than it would a Gaussian's (their eqs. 23-25). EM
 * starts from a Gaussian mixture fitted by EM to the same points. As nu grows the components
 * become Gaussians.
 */
public final class StudentTMixture implements Density {

    /** The registry entry: two components, nu = 4, by default. */
    public static final DensityFamily FAMILY = new DensityFamily(
            "tmm",
            "mixture of Student-t distributions by EM (Peel & McLachlan 2000), nu fixed",
            (x, random) -> fit(x, new TmmConfig("tmm", 2, 4, 100, 1e-3, 1e-6), random),
            StudentTMixture::load,
            new DensityFamily.Command<>(
                    "tmm-mnist-pca50.yaml", TmmConfig.class, (config, x, random) -> fit(x, config, random)));

    /** nu, the weights, the means and the covariances. */
    public static final String FILE = "tmm.json";

    private final int k;
    private final int d;
    private final double dof;
    private final double[] weights;
    private final double[] means;
    private final double[] covariances;
    private final double[] precisionCholesky; // per component P = L^{-T}: delta = |(x - mu) P|^2
    private final double[] covarianceCholesky; // per component L: Sigma = L L^T
    private final double[] logNormalizer; // per component: the log of the constant in front
    private int nIter;
    private boolean converged;
    private double[] history = new double[0];

    /**
     * @param dof nu, positive
     * @param weights [K], positive, summing to 1
     * @param means [K * d], row-major
     * @param covariances [K * d * d], row-major, each symmetric positive definite
     * @throws UserError when a covariance is not positive definite
     */
    public static StudentTMixture fromParameters(double dof, double[] weights, double[] means, double[] covariances) {
        return new StudentTMixture(dof, weights.clone(), means.clone(), covariances.clone());
    }

    private StudentTMixture(double dof, double[] weights, double[] means, double[] covariances) {
        this.k = weights.length;
        this.d = means.length / k;
        this.dof = dof;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
        this.precisionCholesky = new double[k * d * d];
        this.covarianceCholesky = new double[k * d * d];
        this.logNormalizer = new double[k];
        double shared = logGamma((dof + d) / 2) - logGamma(dof / 2) - d / 2.0 * Math.log(dof * Math.PI);
        for (int c = 0; c < k; c++) {
            logNormalizer[c] = shared - 0.5 * factor(c);
        }
    }

    /** Cholesky of component c's covariance and its inverse transposed; @return log |Sigma_c| */
    private double factor(int c) {
        int off = c * d * d;
        Cholesky chol = Cholesky.of(java.util.Arrays.copyOfRange(covariances, off, off + d * d), d)
                .orElseThrow(() -> new UserError("fitting the Student-t mixture failed: the covariance of component "
                        + c + " is not positive definite (it collapsed onto a few points); increase model.reg_covar"
                        + " or use fewer components"));
        System.arraycopy(chol.lower(), 0, covarianceCholesky, off, d * d);
        System.arraycopy(chol.precision(), 0, precisionCholesky, off, d * d);
        return chol.logDet();
    }

    /**
     * Fits by EM from a Gaussian mixture of the same K.
     *
     * @param x training points [n, d]
     * @param config K, nu, the iteration limit, the tolerance and the regularisation
     * @param random the only source of randomness (the Gaussian mixture's k-means++ start)
     * @return the fitted mixture, with its iteration count, whether it converged, and the mean
     *     log-likelihood of each iteration
     */
    public static StudentTMixture fit(NDArray x, TmmConfig config, Random random) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray points = x.toType(DataType.FLOAT64, true);
            points.attach(scope);
            GaussianMixture start = GaussianMixture.fit(
                    points,
                    new GmmOptions(
                            config.components(),
                            CovarianceType.FULL,
                            "kmeans++",
                            1,
                            100,
                            1e-3,
                            config.regCovar(),
                            random.nextLong()));
            StudentTMixture current = fromGaussians(start, config.dof());
            List<Double> history = new ArrayList<>();
            for (int iteration = 1; iteration <= config.maxIter(); iteration++) {
                StudentTMixture next = current.iterate(points, iteration, history, config);
                if (next == current) {
                    break;
                }
                current = next;
            }
            current.history = history.stream().mapToDouble(Double::doubleValue).toArray();
            return current;
        }
    }

    /**
     * One EM iteration in its own scope (the [n, K] and [n, d] arrays of an iteration are freed at its
     * end): the E-step's mean log-likelihood appended to {@code history}, then the M-step.
     *
     * @return the next mixture, or this one when EM stops here (converged, or the last iteration)
     */
    private StudentTMixture iterate(NDArray points, int iteration, List<Double> history, TmmConfig config) {
        try (NDManager step = points.getManager().newSubManager()) {
            step.tempAttachAll(points);
            NDList expectations = expectations(points);
            double mean = expectations.get(0).mean().getDouble();
            history.add(mean);
            int n = history.size();
            nIter = iteration;
            if (n > 1 && Math.abs(mean - history.get(n - 2)) < config.tol()) {
                converged = true;
                return this;
            }
            if (iteration == config.maxIter()) {
                return this;
            }
            return maximise(points, expectations.get(1), expectations.get(2), config.regCovar());
        }
    }

    private static StudentTMixture fromGaussians(GaussianMixture gmm, double dof) {
        int k = gmm.nComponents();
        int d = gmm.dimension();
        double[] means = new double[k * d];
        double[] covariances = new double[k * d * d];
        double[][] mu = gmm.means();
        for (int c = 0; c < k; c++) {
            System.arraycopy(mu[c], 0, means, c * d, d);
            double[][] sigma = gmm.covariance(c);
            for (int i = 0; i < d; i++) {
                System.arraycopy(sigma[i], 0, covariances, (c * d + i) * d, d);
            }
        }
        return new StudentTMixture(dof, gmm.weights(), means, covariances);
    }

    /** @return delta, the squared Mahalanobis distance of each point to each component, [n, K] float64 */
    private NDArray mahalanobis(NDArray x) {
        NDManager m = x.getManager();
        NDList columns = new NDList();
        for (int c = 0; c < k; c++) {
            NDArray mu = m.create(java.util.Arrays.copyOfRange(means, c * d, (c + 1) * d), new Shape(1, d));
            NDArray p = m.create(
                    java.util.Arrays.copyOfRange(precisionCholesky, c * d * d, (c + 1) * d * d), new Shape(d, d));
            columns.add(x.sub(mu).matMul(p).square().sum(new int[] {1}));
        }
        return NDArrays.stack(columns, 1);
    }

    /** @return log pi_k + log t(x_i; mu_k, Sigma_k, nu), [n, K], from delta [n, K] */
    private NDArray logJoint(NDArray delta) {
        NDManager m = delta.getManager();
        double[] constant = new double[k];
        for (int c = 0; c < k; c++) {
            constant[c] = Math.log(weights[c]) + logNormalizer[c];
        }
        return delta.div(dof).add(1).log().mul(-(dof + d) / 2).add(m.create(constant, new Shape(1, k)));
    }

    /**
     * The E-step.
     *
     * @param x [n, d] float64
     * @return log p(x_i) [n]; the responsibilities tau [n, K]; the weights u = (nu + d) / (nu + delta) [n, K]
     */
    private NDList expectations(NDArray x) {
        NDArray delta = mahalanobis(x);
        NDArray joint = logJoint(delta);
        NDArray logDensity = Reductions.logSumExp(joint);
        NDArray tau = joint.sub(logDensity.expandDims(1)).exp();
        NDArray u = delta.add(dof).pow(-1).mul(dof + d);
        return new NDList(logDensity, tau, u);
    }

    /**
     * The M-step: pi_k = mean_i tau_ik; mu_k = sum_i tau u x / sum_i tau u; Sigma_k = sum_i tau u (x
     * - mu_k)(x - mu_k)^T / sum_i tau_ik, plus {@code regCovar} on the diagonal.
     */
    private StudentTMixture maximise(NDArray x, NDArray tau, NDArray u, double regCovar) {
        long n = x.getShape().get(0);
        double[] newWeights = new double[k];
        double[] newMeans = new double[k * d];
        double[] newCovariances = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            NDIndex column = new NDIndex(":, {}", c);
            NDArray responsibility = tau.get(column);
            NDArray weight = responsibility.mul(u.get(column)).expandDims(1); // [n, 1]
            double mass = responsibility.sum().getDouble();
            newWeights[c] = mass / n;
            NDArray mu = x.mul(weight).sum(new int[] {0}).div(weight.sum());
            NDArray centred = x.sub(mu.expandDims(0));
            double[] sigma =
                    centred.mul(weight).transpose().matMul(centred).div(mass).toDoubleArray();
            for (int i = 0; i < d; i++) {
                sigma[i * d + i] += regCovar;
            }
            System.arraycopy(mu.toDoubleArray(), 0, newMeans, c * d, d);
            System.arraycopy(sigma, 0, newCovariances, c * d * d, d * d);
        }
        return new StudentTMixture(dof, newWeights, newMeans, newCovariances);
    }

    /** @return log p(x) per point, [n] float64 in x's manager */
    @Override
    public NDArray scoreSamples(NDArray x) {
        NDManager m = x.getManager();
        try (NDManager scope = m.newSubManager()) {
            NDArray points = x.toType(DataType.FLOAT64, true);
            points.attach(scope);
            NDArray result = Reductions.logSumExp(logJoint(mahalanobis(points)));
            result.attach(m);
            return result;
        }
    }

    /**
     * Draws a component by its weight, then x = mu + L g / sqrt(w) with g ~ N(0, I) and w ~
     * Gamma(nu/2, rate nu/2) (a chi-square over its degrees of freedom): the t as a scale mixture of
     * Gaussians.
     *
     * @return float64 [n, d]
     */
    @Override
    public NDArray sample(NDManager manager, int n, Random random) {
        double[] out = new double[n * d];
        double[] g = new double[d];
        for (int i = 0; i < n; i++) {
            int c = pick(random.nextDouble());
            double scale = 1 / Math.sqrt(gamma(dof / 2, random) / (dof / 2));
            for (int j = 0; j < d; j++) {
                g[j] = random.nextGaussian();
            }
            for (int r = 0; r < d; r++) {
                double v = 0;
                for (int j = 0; j <= r; j++) {
                    v += covarianceCholesky[c * d * d + r * d + j] * g[j];
                }
                out[i * d + r] = means[c * d + r] + scale * v;
            }
        }
        return manager.create(out, new Shape(n, d));
    }

    private int pick(double u) {
        double cumulative = 0;
        for (int c = 0; c < k - 1; c++) {
            cumulative += weights[c];
            if (u < cumulative) {
                return c;
            }
        }
        return k - 1;
    }

    /**
     * A Gamma(shape, 1) draw by Marsaglia &amp; Tsang (ACM TOMS 2000); a shape below 1 through
     * Gamma(shape + 1) U^(1/shape).
     */
    static double gamma(double shape, Random random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double dd = shape - 1.0 / 3;
        double cc = 1 / Math.sqrt(9 * dd);
        while (true) {
            double z = random.nextGaussian();
            double v = Math.pow(1 + cc * z, 3);
            if (v > 0 && Math.log(random.nextDouble()) < 0.5 * z * z + dd - dd * v + dd * Math.log(v)) {
                return dd * v;
            }
        }
    }

    /** Lanczos' coefficients (g = 7, nine terms), as in Numerical Recipes' gammln and Boost. */
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    /** @return log Gamma(x) for x &gt; 0, by Lanczos' approximation (relative error about 1e-15) */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
        }
        double y = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (y + i);
        }
        double t = y + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    @Override
    public int dimension() {
        return d;
    }

    /** @return K - 1 weights, K d means and K d (d + 1) / 2 covariance entries (nu is fixed) */
    @Override
    public OptionalLong freeParameters() {
        return OptionalLong.of(k - 1L + (long) k * d + (long) k * d * (d + 1) / 2);
    }

    /** @return K */
    public int nComponents() {
        return k;
    }

    /** @return nu */
    public double dof() {
        return dof;
    }

    /** @return EM's iterations */
    public int nIter() {
        return nIter;
    }

    /** @return whether the mean log-likelihood changed by less than the tolerance before the limit */
    public boolean converged() {
        return converged;
    }

    /** @return the mean log-likelihood per point at each iteration, nats */
    public double[] history() {
        return history.clone();
    }

    /** Writes {@value #FILE}. */
    @Override
    public void save(Path folder) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n_components", k);
        json.put("dimension", d);
        json.put("dof", dof);
        json.put("n_iter", nIter);
        json.put("converged", converged);
        json.put("weights", weights);
        json.put("means", means);
        json.put("covariances", covariances);
        Json.write(folder.resolve(FILE), json);
    }

    /** @return the mixture {@link #save} wrote into {@code folder} */
    public static StudentTMixture load(Path folder, NDManager manager) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserError(folder + " holds no " + FILE + "; was the fit tmm run complete?");
        }
        JsonNode json = Json.mapper().readTree(file.toFile());
        StudentTMixture t = new StudentTMixture(
                json.path("dof").asDouble(),
                Json.mapper().treeToValue(json.path("weights"), double[].class),
                Json.mapper().treeToValue(json.path("means"), double[].class),
                Json.mapper().treeToValue(json.path("covariances"), double[].class));
        t.nIter = json.path("n_iter").asInt();
        t.converged = json.path("converged").asBoolean();
        return t;
    }
}
