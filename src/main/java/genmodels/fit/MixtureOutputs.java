package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.density.gmm.GaussianMixture;
import genmodels.io.AtomicFiles;
import genmodels.io.RunDirectory;
import genmodels.plot.LineCharts;
import java.util.List;
import java.util.Locale;

/**
 * The files a mixture fit writes beside its parameters: the per-iteration log-likelihood
 * (history.csv, history.png), the comparison of K by BIC and AIC (bic_aic.csv, bic_aic.png), and
 * each point's component and responsibilities (assignments.csv).
 */
final class MixtureOutputs {

    private MixtureOutputs() {}

    static void writeHistory(GaussianMixture gmm, RunDirectory run, String method) throws Exception {
        double[] h = gmm.history();
        StringBuilder csv = new StringBuilder("iteration,mean_log_likelihood\n");
        double[] x = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            x[i] = i + 1;
            csv.append(i + 1)
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.10g", h[i]))
                    .append('\n');
        }
        AtomicFiles.writeString(run.file("history.csv"), csv.toString());
        double floor = axisFloor(h);
        long below = java.util.Arrays.stream(h).filter(v -> v < floor).count();
        String title = run.root().getFileName() + ": mean log-likelihood per sample (" + method + ")"
                + (below == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; %d below the axis, from %s",
                                below,
                                genmodels.plot.Charts.readable(h[0])));
        LineCharts.lines(
                run.file("history.png"),
                title,
                method.equals("em") ? "EM iteration" : "Adam step",
                "nats per sample",
                x,
                List.of("training points"),
                List.of(h),
                floor);
    }

    /**
     * The bottom of history.png's y axis: the lowest value, unless the first values lie so far below
     * the rest that they would flatten the curve (a start from {@code random_from_data} begins
     * millions of nats down). Leading values are left below the axis while each is more than a
     * hundred times further from the best than the next one; the axis then starts just under the
     * first value kept.
     *
     * @param history the mean log-likelihood per iteration
     * @return the axis minimum
     */
    static double axisFloor(double[] history) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (double v : history) {
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
        }
        int first = 0;
        while (first + 2 < history.length
                && highest - history[first + 1] > 0
                && highest - history[first] > 100 * (highest - history[first + 1])) {
            first++;
        }
        return first == 0 ? lowest : history[first] - 0.05 * (highest - history[first]);
    }

    static void writeComparison(List<GmmRun.Fit> fits, GmmRun.Fit best, RunDirectory run) throws Exception {
        StringBuilder csv =
                new StringBuilder("k,train_mean_log_likelihood,test_mean_log_likelihood,bic,aic,best_by_bic\n");
        double[] ks = new double[fits.size()];
        double[] bic = new double[fits.size()];
        double[] aic = new double[fits.size()];
        for (int i = 0; i < fits.size(); i++) {
            GmmRun.Fit f = fits.get(i);
            ks[i] = f.k();
            bic[i] = f.bic();
            aic[i] = f.aic();
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%.8g,%s,%.8g,%.8g,%s%n",
                    f.k(),
                    f.train(),
                    f.test() == null ? "" : String.format(Locale.ROOT, "%.8g", f.test()),
                    f.bic(),
                    f.aic(),
                    f == best));
        }
        AtomicFiles.writeString(run.file("bic_aic.csv"), csv.toString());
        LineCharts.linesWithMark(
                run.file("bic_aic.png"),
                run.root().getFileName() + ": model selection, best K by BIC = " + best.k(),
                "K (components)",
                "criterion (lower is better)",
                ks,
                List.of("BIC", "AIC"),
                List.of(bic, aic),
                best.k(),
                best.bic(),
                "best K by BIC");
    }

    static void writeAssignments(GaussianMixture gmm, Points points, RunDirectory run) throws Exception {
        StringBuilder csv = new StringBuilder("split,index,label,component");
        for (int c = 1; c <= gmm.nComponents(); c++) {
            csv.append(",responsibility_").append(c);
        }
        csv.append('\n');
        appendAssignments(csv, "train", gmm, points.train(), points.trainLabels());
        if (points.test() != null) {
            appendAssignments(csv, "test", gmm, points.test(), points.testLabels());
        }
        AtomicFiles.writeString(run.file("assignments.csv"), csv.toString());
    }

    private static void appendAssignments(
            StringBuilder csv, String split, GaussianMixture gmm, NDArray x, int[] labels) {
        int k = gmm.nComponents();
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(x);
            double[] resp = gmm.responsibilities(x).toDoubleArray();
            int n = resp.length / k;
            for (int i = 0; i < n; i++) {
                int arg = 0;
                for (int c = 1; c < k; c++) {
                    if (resp[i * k + c] > resp[i * k + arg]) {
                        arg = c;
                    }
                }
                csv.append(split)
                        .append(',')
                        .append(i)
                        .append(',')
                        .append(labels == null ? "" : labels[i])
                        .append(',')
                        .append(arg);
                for (int c = 0; c < k; c++) {
                    csv.append(',').append(String.format(Locale.ROOT, "%.6g", resp[i * k + c]));
                }
                csv.append('\n');
            }
        }
    }
}
