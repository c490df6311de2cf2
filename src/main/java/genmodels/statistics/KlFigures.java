package genmodels.statistics;

import genmodels.io.Headline;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.plot.BarCharts;
import genmodels.plot.LineCharts;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code genmodels kl}: the KL divergence worked out both ways, for two discrete distributions
 * (kl_discrete.png: P and Q side by side, each outcome's term) and for two 1-D Gaussians
 * (kl_gaussian.png: both densities and the integrands of both directions), printed term by term
 * and written to summary.json.
 */
public final class KlFigures {

    private KlFigures() {}

    /**
     * @param p a discrete P (or null)
     * @param q a discrete Q (or null, with p)
     * @param gaussianP {mu, sigma} of a Gaussian P (or null)
     * @param gaussianQ {mu, sigma} of a Gaussian Q (or null, with gaussianP)
     */
    public static void run(
            double[] p, double[] q, double[] gaussianP, double[] gaussianQ, RunDirectory run, PrintWriter out)
            throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "kl");
        String headline = null;
        if (p != null) {
            summary.put("discrete", discrete(p, q, run, out));
            headline = "discrete.kl_p_q";
        }
        if (gaussianP != null) {
            summary.put("gaussian", gaussian(gaussianP, gaussianQ, run, out));
            headline = headline == null ? "gaussian.kl_p_q" : headline;
        }
        summary.put("units", "nats");
        summary.put("headline", Headline.entry(headline, false));
        Json.write(run.summary(), summary);
        out.println("wrote " + run.root());
    }

    private static Map<String, Object> discrete(double[] p, double[] q, RunDirectory run, PrintWriter out)
            throws IOException {
        double pq = KlDivergence.discrete(p, q);
        double qp = KlDivergence.discrete(q, p);
        double[] termsPq = KlDivergence.terms(p, q);
        double[] termsQp = KlDivergence.terms(q, p);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            outcomes.add(Integer.toString(i));
            out.printf(
                    Locale.ROOT,
                    "outcome %d: P %.6f Q %.6f; P ln(P/Q) %+.6f, Q ln(Q/P) %+.6f%n",
                    i,
                    p[i],
                    q[i],
                    termsPq[i],
                    termsQp[i]);
        }
        out.printf(Locale.ROOT, "discrete: KL(P||Q) = %.7f nats, KL(Q||P) = %.7f nats%n", pq, qp);
        BarCharts.bars(
                run.file("kl_discrete.png"),
                String.format(
                        Locale.ROOT,
                        "%s: KL(P||Q) = %.4f, KL(Q||P) = %.4f nats",
                        run.root().getFileName(),
                        pq,
                        qp),
                "outcome x",
                "probability, or the term of each sum",
                outcomes,
                List.of("P(x)", "Q(x)", "P(x) ln(P(x)/Q(x))", "Q(x) ln(Q(x)/P(x))"),
                new double[][] {p, q, termsPq, termsQp});
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("p", p);
        figures.put("q", q);
        figures.put("kl_p_q", pq);
        figures.put("kl_q_p", qp);
        return figures;
    }

    private static Map<String, Object> gaussian(double[] gp, double[] gq, RunDirectory run, PrintWriter out)
            throws IOException {
        double pq = KlDivergence.gaussian(gp[0], gp[1], gq[0], gq[1]);
        double qp = KlDivergence.gaussian(gq[0], gq[1], gp[0], gp[1]);
        out.printf(
                Locale.ROOT,
                "gaussian: KL(N(%.4g, %.4g^2) || N(%.4g, %.4g^2)) = %.7f nats, the other way %.7f nats%n",
                gp[0],
                gp[1],
                gq[0],
                gq[1],
                pq,
                qp);
        double lo = Math.min(gp[0] - 4 * gp[1], gq[0] - 4 * gq[1]);
        double hi = Math.max(gp[0] + 4 * gp[1], gq[0] + 4 * gq[1]);
        int n = 400;
        double[] x = new double[n];
        double[][] y = new double[4][n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
            double a = KlDivergence.normalDensity(x[i], gp[0], gp[1]);
            double b = KlDivergence.normalDensity(x[i], gq[0], gq[1]);
            y[0][i] = a;
            y[1][i] = b;
            y[2][i] = a * Math.log(a / b);
            y[3][i] = b * Math.log(b / a);
        }
        LineCharts.lines(
                run.file("kl_gaussian.png"),
                String.format(
                        Locale.ROOT,
                        "%s: KL(p||q) = %.4f, KL(q||p) = %.4f nats (the areas under the integrands)",
                        run.root().getFileName(),
                        pq,
                        qp),
                "x",
                "density, or integrand",
                x,
                List.of("p(x)", "q(x)", "p ln(p/q)", "q ln(q/p)"),
                List.of(y),
                false);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("p", Map.of("mean", gp[0], "std", gp[1]));
        figures.put("q", Map.of("mean", gq[0], "std", gq[1]));
        figures.put("kl_p_q", pq);
        figures.put("kl_q_p", qp);
        return figures;
    }
}
