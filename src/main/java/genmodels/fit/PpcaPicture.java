package genmodels.fit;

import genmodels.density.pca.Pca;
import genmodels.density.pca.ProbabilisticPca;
import genmodels.io.RunDirectory;
import genmodels.plot.Charts;
import genmodels.plot.LineCharts;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * ppca.png for 2-D points and one latent dimension: probabilistic PCA as a generative model drawn
 * step by step. Left: the prior p(z) = N(0, 1) with a latent point z* marked. Right: the data, the
 * line {mu + W z} that the latent axis maps to, z*'s image mu + W z* on it, the isotropic noise
 * around that image (circles at sigma and 2 sigma, and draws mu + W z* + eps), and the marginal
 * N(mu, W W^T + sigma^2 I) at 2 Mahalanobis units (Tipping and Bishop 1999; Bishop, PRML figure 12.9).
 */
final class PpcaPicture {

    /** The latent point drawn, in prior standard deviations. */
    static final double LATENT = 1.5;

    private static final int WIDTH = 640;
    private static final int HEIGHT = 600;

    /** Noise draws shown around its image. */
    static final int DRAWS = 40;

    private PpcaPicture() {}

    /**
     * The generative step for one latent point.
     *
     * @param image mu + W z, [2]
     * @param draws [DRAWS][2], image + eps with eps ~ N(0, sigma^2 I)
     */
    record Step(double[] image, double[][] draws) {}

    /** @return z's image and noisy draws around it, from {@code random} */
    static Step generate(Pca pca, ProbabilisticPca ppca, double z, Random random) {
        double[][] w = ppca.loadings();
        double[] mu = pca.mean();
        double sigma = Math.sqrt(ppca.noiseVariance());
        double[] image = {mu[0] + w[0][0] * z, mu[1] + w[1][0] * z};
        double[][] draws = new double[DRAWS][];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] =
                    new double[] {image[0] + sigma * random.nextGaussian(), image[1] + sigma * random.nextGaussian()};
        }
        return new Step(image, draws);
    }

    /** @return the marginal covariance W W^T + sigma^2 I, 2 x 2 */
    static double[][] marginalCovariance(ProbabilisticPca ppca) {
        double[][] w = ppca.loadings();
        double s2 = ppca.noiseVariance();
        return new double[][] {{w[0][0] * w[0][0] + s2, w[0][0] * w[1][0]}, {w[1][0] * w[0][0], w[1][0] * w[1][0] + s2}
        };
    }

    /**
     * @param x the training points' first coordinates (up to 2,000 of them)
     * @param y their second coordinates
     */
    static void write(Pca pca, ProbabilisticPca ppca, double[] x, double[] y, long seed, RunDirectory run)
            throws IOException {
        Step step = generate(pca, ppca, LATENT, new Random(seed));
        double[][] w = ppca.loadings();
        double[] mu = pca.mean();
        double sigma = Math.sqrt(ppca.noiseVariance());
        Color image = new Color(214, 39, 40);
        List<LineCharts.Layer> data = new ArrayList<>();
        data.add(new LineCharts.Layer("training points", x, y, "points", new Color(150, 150, 150, 110)));
        data.add(new LineCharts.Layer(
                "mu + W z, z from -3 to 3",
                new double[] {mu[0] - 3 * w[0][0], mu[0] + 3 * w[0][0]},
                new double[] {mu[1] - 3 * w[1][0], mu[1] + 3 * w[1][0]},
                "line",
                new Color(31, 119, 180)));
        double[][] marginal = MixturePictures.ellipse(mu, marginalCovariance(ppca), 2, 120);
        data.add(new LineCharts.Layer(
                "marginal N(mu, WW^T + sigma^2 I), 2 Mahalanobis units",
                marginal[0],
                marginal[1],
                "dashed",
                Color.BLACK));
        double[][] s2 = {{sigma * sigma, 0}, {0, sigma * sigma}};
        for (int r = 1; r <= 2; r++) {
            double[][] circle = MixturePictures.ellipse(step.image(), s2, r, 80);
            data.add(new LineCharts.Layer(
                    r == 1 ? "noise around it: sigma and 2 sigma" : null, circle[0], circle[1], "dashed", image));
        }
        double[] dx = new double[DRAWS];
        double[] dy = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            dx[i] = step.draws()[i][0];
            dy[i] = step.draws()[i][1];
        }
        data.add(new LineCharts.Layer("x = mu + W z* + noise", dx, dy, "points", new Color(214, 39, 40, 150)));
        data.add(new LineCharts.Layer(
                String.format(Locale.ROOT, "the image of z* = %.1f", LATENT),
                new double[] {step.image()[0]},
                new double[] {step.image()[1]},
                "mark",
                image));
        Charts.sheet(run.file("ppca.png"), List.of(prior(run), dataSpace(ppca, data)));
    }

    private static org.knowm.xchart.XYChart dataSpace(ProbabilisticPca ppca, List<LineCharts.Layer> data) {
        org.knowm.xchart.XYChart chart = LineCharts.layers(
                WIDTH,
                HEIGHT,
                String.format(Locale.ROOT, "data space: noise variance sigma^2 = %.4g", ppca.noiseVariance()),
                "x1",
                "x2",
                data);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        Charts.equalAxes(chart); // the noise is isotropic: a circle must look like one
        return chart;
    }

    private static org.knowm.xchart.XYChart prior(RunDirectory run) {
        int n = 200;
        double[] z = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = -3.5 + 7.0 * i / (n - 1);
            p[i] = Math.exp(-0.5 * z[i] * z[i]) / Math.sqrt(2 * Math.PI);
        }
        double at = Math.exp(-0.5 * LATENT * LATENT) / Math.sqrt(2 * Math.PI);
        org.knowm.xchart.XYChart chart = LineCharts.layers(
                WIDTH,
                HEIGHT,
                run.root().getFileName() + ": the latent prior p(z) = N(0, 1)",
                "z",
                "density",
                List.of(
                        new LineCharts.Layer("p(z)", z, p, "line", new Color(31, 119, 180)),
                        new LineCharts.Layer(
                                String.format(Locale.ROOT, "z* = %.1f", LATENT),
                                new double[] {LATENT},
                                new double[] {at},
                                "mark",
                                new Color(214, 39, 40))));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        return chart;
    }
}
