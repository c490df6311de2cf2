package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pca, fit-gmm and fit-kde end to end, and their bad inputs. */
class DensityCommandsTest {

    @TempDir
    Path dir;

    private static void assertUserError(MainTest.Result r, String expected) {
        assertEquals(2, r.code(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    private static JsonNode summary(Path run) throws IOException {
        return Json.mapper().readTree(run.resolve("summary.json").toFile());
    }

    @Test
    void pcaOnTheSliceWritesItsFiguresAndProbabilisticPca() throws IOException {
        Path out = dir.resolve("pca");
        MainTest.Result r = MainTest.run(
                "pca",
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "model.n_components=20",
                "--set",
                "model.probabilistic=true",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of(
                "explained_variance.csv",
                "components.png",
                "reconstructions.png",
                "reconstruction_error.csv",
                "reconstruction_error.png",
                "projection.png",
                "pca.params",
                "samples.png",
                "posterior_mean.csv",
                "summary.json",
                "config.yaml")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode s = summary(out);
        assertEquals(20, s.path("explained_variance_ratio").size());
        assertEquals(20, s.path("n_components").asInt());
        JsonNode mse = s.path("test").path("reconstruction_mse_by_k");
        assertTrue(mse.path("1").asDouble() > mse.path("20").asDouble());
        assertTrue(Double.isFinite(s.path("test").path("mean_log_likelihood").asDouble()));
        assertTrue(s.path("noise_variance").asDouble() > 0);
        List<String> csv = Files.readAllLines(out.resolve("explained_variance.csv"));
        assertEquals(785, csv.size());
        assertTrue(csv.get(784).endsWith(",1.000000000"), csv.get(784)); // cumulative ratio reaches 1
        List<String> posterior = Files.readAllLines(out.resolve("posterior_mean.csv"));
        assertEquals(1001, posterior.size());
        assertEquals(20, posterior.get(0).split(",").length);

        MainTest.Result fraction = MainTest.run(
                "pca",
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "model.n_components=0.9",
                "--out",
                dir.resolve("pca90").toString());
        assertEquals(0, fraction.code(), fraction.err());
        assertTrue(summary(dir.resolve("pca90"))
                        .path("cumulative_explained_variance_ratio")
                        .asDouble()
                >= 0.9);
    }

    @Test
    void pcaOnCorrelated2dPointsDrawsItsAxesAndWithPpcaTheGenerativePicture() throws IOException {
        String[] data = {
            "pca",
            "--threads",
            "1",
            "--set",
            "data.source=synthetic",
            "--set",
            "data.synthetic.weights=[1.0]",
            "--set",
            "data.synthetic.means=[[1.0, 2.0]]",
            "--set",
            "data.synthetic.covariances=[[[3.0, 1.5], [1.5, 1.2]]]",
            "--set",
            "model.n_components=1"
        };
        Path plain = dir.resolve("pca-2d");
        MainTest.Result a = MainTest.run(concat(data, new String[] {"--out", plain.toString()}));
        assertEquals(0, a.code(), a.err());
        assertTrue(Files.size(plain.resolve("axes.png")) > 0);
        assertFalse(Files.exists(plain.resolve("ppca.png")), "no PPCA asked for");
        Path ppca = dir.resolve("ppca-2d");
        MainTest.Result b = MainTest.run(
                concat(data, new String[] {"--set", "model.probabilistic=true", "--out", ppca.toString()}));
        assertEquals(0, b.code(), b.err());
        assertTrue(Files.size(ppca.resolve("ppca.png")) > 0);
        assertTrue(summary(ppca).path("noise_variance").asDouble() > 0);
    }

    @Test
    void fitGmmOnThreeBumpsChoosesThreeComponentsByBic() throws IOException {
        Path out = dir.resolve("bumps");
        MainTest.Result r = MainTest.run(
                "fit-gmm",
                "--threads",
                "1",
                "--config",
                "configs/gmm-three-bumps.yaml",
                "--set",
                "output.assignments=true",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("best K by BIC: 3"), r.out());
        // no terminal here: a line at most every 30 s and one at the end of each K's fit, with its lower bound
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.matches("EM, K=3: \\d+/\\d+ iterations, .* s, lower bound -[0-9.]+ nats"
                                + " per sample \\(change .*\\)")),
                r.out());
        assertEquals(
                5,
                r.out().lines().filter(l -> l.startsWith("EM, K=")).count(),
                "one progress line per K (1 to 5) in this sub-second fit: " + r.out());
        assertTrue(Files.readString(out.resolve("report.html")).contains("history.png"), "the report shows the fit");
        JsonNode s = summary(out);
        assertEquals(3, s.path("n_components").asInt());
        assertTrue(s.path("converged").asBoolean());
        assertEquals(5, s.path("by_k").size());
        for (String f : List.of(
                "gmm.json",
                "history.csv",
                "history.png",
                "bic_aic.csv",
                "bic_aic.png",
                "density.png",
                "samples.csv",
                "assignments.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode gmm = Json.mapper().readTree(out.resolve("gmm.json").toFile());
        assertEquals(3, gmm.path("weights").size());
        assertEquals(2001, Files.readAllLines(out.resolve("assignments.csv")).size());
        assertEquals(
                "split,index,label,component,responsibility_1,responsibility_2,responsibility_3",
                Files.readAllLines(out.resolve("assignments.csv")).get(0));
    }

    @Test
    void gradientAscentThroughTheCliReachesEmsOptimumOnThreeBumps() throws IOException {
        // EM, then gradient ascent from the same k-means++ start and from ten random starts (data points
        // as means, the data's covariance): the window rule must carry Adam to EM's optimum
        double[] train = new double[3];
        String[][] runs = {
            {"model.method=em"},
            {"model.method=gradient"},
            {"model.method=gradient", "model.init=random_from_data", "model.n_init=10"}
        };
        for (int i = 0; i < runs.length; i++) {
            Path out = dir.resolve("bumps-method-" + i);
            List<String> args = new java.util.ArrayList<>(List.of(
                    "fit-gmm",
                    "--threads",
                    "1",
                    "--config",
                    "configs/gmm-three-bumps.yaml",
                    "--set",
                    "model.components=[3]",
                    "--out",
                    out.toString()));
            for (String set : runs[i]) {
                args.add("--set");
                args.add(set);
            }
            MainTest.Result r = MainTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            JsonNode gmm = Json.mapper().readTree(out.resolve("gmm.json").toFile());
            assertTrue(gmm.path("converged").asBoolean(), r.out());
            if (i > 0) {
                assertEquals("gradient", gmm.path("method").asText());
                // more than the 5 steps the one-step rule took, fewer than the 5000-step budget
                assertTrue(
                        gmm.path("n_iter").asInt() > 100 && gmm.path("n_iter").asInt() < 5000, r.out());
                assertTrue(r.out().contains(" steps, converged"), r.out());
            }
            train[i] = summary(out).path("train").path("mean_log_likelihood").asDouble();
        }
        assertEquals(train[0], train[1], 0.01, "k-means++ start");
        assertEquals(train[0], train[2], 0.01, "best of ten random starts");
    }

    /** 300 training and 200 test draws of the three bumps, as CSV files, and their values. */
    private record Bumps(Path train, Path test, double[] xs, double[] ts) {}

    private Bumps bumps() throws IOException {
        Path train = dir.resolve("bumps-train.csv");
        Path test = dir.resolve("bumps-test.csv");
        java.util.Random random = new java.util.Random(12);
        double[] xs = new double[300];
        double[] ts = new double[200];
        StringBuilder a = new StringBuilder("x\n");
        StringBuilder b = new StringBuilder("x\n");
        for (int i = 0; i < 500; i++) {
            int c = random.nextInt(3);
            double v = new double[] {-4, 0, 3}[c] + new double[] {1, 0.5, 1.5}[c] * random.nextGaussian();
            if (i < 300) {
                xs[i] = v;
                a.append(v).append('\n');
            } else {
                ts[i - 300] = v;
                b.append(v).append('\n');
            }
        }
        Files.writeString(train, a.toString());
        Files.writeString(test, b.toString());
        return new Bumps(train, test, xs, ts);
    }

    @Test
    void fitKdeDrawsTheHistogramEstimatorBesideTheKernelAndScoresItHonestly() throws IOException {
        Bumps bumps = bumps();
        Path out = dir.resolve("kde-histogram");
        MainTest.Result r = MainTest.run(
                "fit-kde",
                "--set",
                "data.source=csv",
                "--set",
                "data.pca=null",
                "--set",
                "data.csv.train=" + bumps.train(),
                "--set",
                "data.csv.test=" + bumps.test(),
                "--set",
                "model.histogram_bins=40",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        // recomputed here as NumPy's histogram(density=True): 40 equal bins over [min, max] of the
        // training points, the last one closed; the test points beyond them or in empty bins have density 0
        double lo = java.util.Arrays.stream(bumps.xs()).min().orElseThrow();
        double hi = java.util.Arrays.stream(bumps.xs()).max().orElseThrow();
        double w = (hi - lo) / 40;
        int[] counts = new int[40];
        for (double x : bumps.xs()) {
            counts[Math.min(39, (int) ((x - lo) / w))]++;
        }
        double sum = 0;
        int zero = 0;
        for (double t : bumps.ts()) {
            int b = t < lo || t > hi ? -1 : Math.min(39, (int) ((t - lo) / w));
            if (b < 0 || counts[b] == 0) {
                zero++;
            } else {
                sum += Math.log(counts[b] / (300 * w));
            }
        }
        JsonNode h = summary(out).path("histogram");
        assertEquals(w, h.path("bin_widths").get(0).asDouble(), 1e-12);
        assertEquals(zero, h.path("test_points_with_zero_density").asInt());
        assertTrue(zero > 0, "40 bins on 300 points leave holes that some of 200 test points fall in");
        assertEquals(
                sum / (200 - zero),
                h.path("test_mean_log_likelihood_where_positive").asDouble(),
                1e-9);
        assertTrue(Files.size(out.resolve("histogram.png")) > 0);
        assertTrue(r.out().contains(zero + " of 200 in empty cells or outside the box"), r.out());
    }

    @Test
    void fitKdeWithABandwidthListScoresEachAndOverlaysThem() throws IOException {
        Bumps bumps = bumps();
        Path train = bumps.train();
        Path test = bumps.test();
        double[] xs = bumps.xs();
        double[] ts = bumps.ts();
        Path out = dir.resolve("kde-list");
        MainTest.Result r = MainTest.run(
                "fit-kde",
                "--set",
                "data.source=csv",
                "--set",
                "data.pca=null",
                "--set",
                "data.csv.train=" + train,
                "--set",
                "data.csv.test=" + test,
                "--set",
                "model.bandwidth=[0.02, 0.3, scott, 3.0]",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode rows = summary(out).path("bandwidths");
        assertEquals(4, rows.size(), summary(out).toString());
        // the held-out log-density of factor 0.3, computed here: kernel variance f^2 times the unbiased
        // data variance (SciPy's gaussian_kde), averaged over the test points in nats
        double mean = java.util.Arrays.stream(xs).average().orElseThrow();
        double var =
                java.util.Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / (xs.length - 1);
        double h2 = 0.09 * var;
        double total = 0;
        for (double t : ts) {
            double sum = 0;
            for (double x : xs) {
                sum += Math.exp(-(t - x) * (t - x) / (2 * h2)) / Math.sqrt(2 * Math.PI * h2);
            }
            total += Math.log(sum / xs.length);
        }
        assertEquals(0.3, rows.get(1).path("bandwidth_factor").asDouble(), 1e-12);
        assertEquals(
                total / ts.length, rows.get(1).path("test_mean_log_likelihood").asDouble(), 1e-6);
        // under- and over-smoothing both lose held-out likelihood against Scott's factor (300^(-1/5) = 0.32)
        double under = rows.get(0).path("test_mean_log_likelihood").asDouble();
        double scott = rows.get(2).path("test_mean_log_likelihood").asDouble();
        double over = rows.get(3).path("test_mean_log_likelihood").asDouble();
        assertTrue(under < scott - 0.1 && over < scott - 0.1, under + " " + scott + " " + over);
        // the run keeps the bandwidth with the best validation log-density (a held-out fifth of the
        // training points), never the one with the best test figure; its test figure is reported
        int chosen = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).path("validation_mean_log_likelihood").asDouble()
                    > rows.get(chosen).path("validation_mean_log_likelihood").asDouble()) {
                chosen = i;
            }
        }
        assertEquals(
                rows.get(chosen).path("bandwidth_factor").asDouble(),
                summary(out).path("bandwidth_factor").asDouble(),
                1e-12);
        assertEquals(
                rows.get(chosen).path("test_mean_log_likelihood").asDouble(),
                summary(out).path("test").path("mean_log_likelihood").asDouble(),
                1e-12);
        assertTrue(Files.size(out.resolve("bandwidths.png")) > 0);
        assertTrue(r.out().contains("best bandwidth by validation log-density"), r.out());
    }

    @Test
    void fitGmmOnCsvPointsAndKdeWithCrossValidatedBandwidth() throws IOException {
        Path train = dir.resolve("train.csv");
        Path test = dir.resolve("test.csv");
        StringBuilder a = new StringBuilder("x,y,label\n");
        StringBuilder b = new StringBuilder("x,y,label\n");
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < 400; i++) {
            int c = i % 2;
            (i < 300 ? a : b)
                    .append(c * 4 + random.nextGaussian())
                    .append(',')
                    .append(random.nextGaussian())
                    .append(',')
                    .append(c)
                    .append('\n');
        }
        Files.writeString(train, a.toString());
        Files.writeString(test, b.toString());
        String[] data = {
            "--set",
            "data.source=csv",
            "--set",
            "data.pca=null",
            "--set",
            "data.csv.train=" + train,
            "--set",
            "data.csv.test=" + test,
            "--set",
            "data.csv.label=label",
            "--threads",
            "1"
        };
        Path gmmOut = dir.resolve("csv-gmm");
        MainTest.Result g = MainTest.run(concat(
                new String[] {
                    "fit-gmm",
                    "--set",
                    "model.components=2",
                    "--set",
                    "model.covariance=diag",
                    "--out",
                    gmmOut.toString()
                },
                data));
        assertEquals(0, g.code(), g.err());
        assertTrue(summary(gmmOut).path("test").path("mean_log_likelihood").isNumber());
        Path kdeOut = dir.resolve("csv-kde");
        MainTest.Result k = MainTest.run(
                concat(new String[] {"fit-kde", "--set", "model.bandwidth=cv", "--out", kdeOut.toString()}, data));
        assertEquals(0, k.code(), k.err());
        assertTrue(Files.exists(kdeOut.resolve("cv.csv")) && Files.exists(kdeOut.resolve("density.png")));
        assertTrue(k.out().contains("bandwidth cv: best factor"), k.out());
        JsonNode ks = summary(kdeOut);
        assertTrue(ks.path("test").path("mean_log_likelihood").asDouble() < 0);
        assertEquals("cv", ks.path("bandwidth").asText());
        // cv.csv: Scott's factor for the 240 fitted points (300 less the 20% held out) times each
        // multiple of the grid; the run uses the best one rescaled to 300 points by n^(-1/(d+4))
        List<String> rows = Files.readAllLines(kdeOut.resolve("cv.csv"));
        double[] multiples = {0.25, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8};
        assertEquals(1 + multiples.length, rows.size());
        double scott240 = Math.pow(240, -1.0 / 6);
        double bestFactor = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < multiples.length; i++) {
            String[] cells = rows.get(i + 1).split(",");
            assertEquals(scott240 * multiples[i], Double.parseDouble(cells[0]), 1e-6);
            if (Double.parseDouble(cells[1]) > bestScore) {
                bestScore = Double.parseDouble(cells[1]);
                bestFactor = Double.parseDouble(cells[0]);
            }
        }
        assertEquals(bestScore, ks.path("cv_held_out_mean_log_likelihood").asDouble(), 1e-6);
        assertEquals(
                bestFactor * Math.pow(300.0 / 240, -1.0 / 6),
                ks.path("bandwidth_factor").asDouble(),
                1e-6);
    }

    @Test
    void badInputsExitTwoWithAClearMessage() throws IOException {
        Path few = dir.resolve("few.csv");
        Files.writeString(few, "1,2\n3,4\n5,6\n");
        assertUserError(
                MainTest.run(
                        "fit-gmm",
                        "--set",
                        "data.source=csv",
                        "--set",
                        "data.pca=null",
                        "--set",
                        "data.csv.train=" + few,
                        "--out",
                        dir.resolve("a").toString()),
                "fitting 10 mixture components needs at least 10 points, got 3");

        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "x,y\n1,2\n3,NaN\n");
        assertUserError(
                MainTest.run(
                        "fit-kde",
                        "--set",
                        "data.source=csv",
                        "--set",
                        "data.pca=null",
                        "--set",
                        "data.csv.train=" + nan,
                        "--out",
                        dir.resolve("b").toString()),
                nan + ":3: NaN in column 2; points must be finite numbers");

        Path words = dir.resolve("words.csv");
        Files.writeString(words, "1,2\n3,four\n");
        assertUserError(
                MainTest.run(
                        "fit-gmm",
                        "--set",
                        "data.source=csv",
                        "--set",
                        "data.pca=null",
                        "--set",
                        "data.csv.train=" + words,
                        "--out",
                        dir.resolve("c").toString()),
                words + ":2: 'four' is not a number (column 2)");

        assertUserError(
                MainTest.run(
                        "fit-gmm",
                        "--set",
                        "data.source=latent",
                        "--set",
                        "data.pca=null",
                        "--set",
                        "data.checkpoint=" + dir.resolve("no-such-run"),
                        "--out",
                        dir.resolve("d").toString()),
                "no-such-run does not exist; give the run directory of a trained model");

        assertUserError(
                MainTest.run(
                        "fit-gmm",
                        "--set",
                        "data.source=csv",
                        "--out",
                        dir.resolve("e").toString()),
                "data.csv must give the files");

        assertUserError(
                MainTest.run("pca", "--set", "model.n_components=2.5"),
                "model.n_components must be a count (an integer >= 1) or a fraction of variance in (0, 1), found 2.5");

        assertUserError(
                MainTest.run("fit-kde", "--set", "model.bandwidth=wide"),
                "model.bandwidth entries must be scott, silverman, cv or a positive number, found 'wide'");

        Path config = dir.resolve("csv-vae.yaml");
        Files.writeString(config, "data:\n  pca: 5\n");
        assertUserError(
                MainTest.run(
                        "train-vae",
                        "--config",
                        config.toString(),
                        "--out",
                        dir.resolve("f").toString()),
                "train-vae trains on images: data.source must be images and data.pca null");
        assertFalse(Files.exists(dir.resolve("f")));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
