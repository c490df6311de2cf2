package genmodels.statistics;

import genmodels.io.Headline;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.plot.LineCharts;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The two Monte Carlo estimators of a gradient through an expectation, side by side on one
 * problem with a closed form: L(mu) = E_{z ~ N(mu, sigma^2)}[(z - t)^2] = (mu - t)^2 + sigma^2,
 * whose gradient is dL/dmu = 2 (mu - t). From S draws z_s = mu + sigma eps_s:
 *
 * <ul>
 *   <li>score function (REINFORCE; Williams 1992): (1/S) sum f(z_s) (z_s - mu) / sigma^2, which
 *       needs only f's values;
 *   <li>reparameterisation (Kingma and Welling 2014, section 2.4): (1/S) sum f'(z_s) = (1/S) sum
 *       2 (z_s - t), which differentiates through the draw.
 * </ul>
 *
 * Both are unbiased; each is repeated R times per S and its variance over the repetitions
 * measured. The reparameterisation's variance is 4 sigma^2 / S in closed form; the score
 * function's is far larger when t is far from mu, since f(z) is large there. gradient_variance.png:
 * both variances against S (log scales); summary.json: per S, both means and variances.
 */
public final class GradientVariance {

    private GradientVariance() {}

    /**
     * @param mu the distribution's mean
     * @param sigma its standard deviation, positive
     * @param target t in f(z) = (z - t)^2
     * @param samples the S values, increasing
     * @param repeats R, the estimates per S
     * @param seed seeds the draws
     */
    public static void run(
            double mu,
            double sigma,
            double target,
            int[] samples,
            int repeats,
            long seed,
            RunDirectory run,
            PrintWriter out)
            throws IOException {
        Random random = new Random(seed);
        double exact = 2 * (mu - target);
        double[] x = new double[samples.length];
        double[] scoreVariance = new double[samples.length];
        double[] reparamVariance = new double[samples.length];
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < samples.length; i++) {
            double[][] estimates = new double[2][repeats];
            for (int r = 0; r < repeats; r++) {
                double score = 0;
                double reparam = 0;
                for (int s = 0; s < samples[i]; s++) {
                    double z = mu + sigma * random.nextGaussian();
                    score += (z - target) * (z - target) * (z - mu) / (sigma * sigma);
                    reparam += 2 * (z - target);
                }
                estimates[0][r] = score / samples[i];
                estimates[1][r] = reparam / samples[i];
            }
            x[i] = samples[i];
            scoreVariance[i] = variance(estimates[0]);
            reparamVariance[i] = variance(estimates[1]);
            rows.add(row(samples[i], estimates, 4 * sigma * sigma / samples[i]));
            out.printf(
                    Locale.ROOT,
                    "S = %d: score function mean %.4f variance %.4g; reparameterisation mean %.4f variance %.4g"
                            + " (closed form %.4g); exact gradient %.4f%n",
                    samples[i],
                    mean(estimates[0]),
                    scoreVariance[i],
                    mean(estimates[1]),
                    reparamVariance[i],
                    4 * sigma * sigma / samples[i],
                    exact);
        }
        LineCharts.logLog(
                run.file("gradient_variance.png"),
                String.format(
                        Locale.ROOT,
                        "%s: variance of d/dmu E[(z - %s)^2], z ~ N(%s, %s^2), over %d repeats",
                        run.root().getFileName(),
                        genmodels.plot.Charts.readable(target),
                        genmodels.plot.Charts.readable(mu),
                        genmodels.plot.Charts.readable(sigma),
                        repeats),
                "S, draws per estimate",
                "variance of the estimate",
                x,
                List.of("score function (REINFORCE)", "reparameterisation"),
                List.of(scoreVariance, reparamVariance));
        writeSummary(run, exact, repeats, rows, scoreVariance[0] / reparamVariance[0]);
        out.println("wrote " + run.root());
    }

    private static void writeSummary(
            RunDirectory run, double exact, int repeats, List<Map<String, Object>> rows, double ratio)
            throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "gradients");
        summary.put("exact_gradient", exact);
        summary.put("repeats", repeats);
        summary.put("by_samples", rows);
        summary.put("variance_ratio_at_one_sample", ratio);
        summary.put("headline", Headline.entry("variance_ratio_at_one_sample", false));
        Json.write(run.summary(), summary);
    }

    private static Map<String, Object> row(int samples, double[][] estimates, double closedForm) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("samples", samples);
        row.put("score_function_mean", mean(estimates[0]));
        row.put("score_function_variance", variance(estimates[0]));
        row.put("reparameterisation_mean", mean(estimates[1]));
        row.put("reparameterisation_variance", variance(estimates[1]));
        row.put("reparameterisation_variance_closed_form", closedForm);
        return row;
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return sum / v.length;
    }

    /** @return the unbiased sample variance (n - 1 in the denominator) */
    static double variance(double[] v) {
        double m = mean(v);
        double sum = 0;
        for (double d : v) {
            sum += (d - m) * (d - m);
        }
        return sum / (v.length - 1);
    }
}
