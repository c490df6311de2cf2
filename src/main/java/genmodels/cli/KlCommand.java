package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.io.RunDirectory;
import genmodels.statistics.KlFigures;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels kl}: the KL divergence worked out, discrete and Gaussian, both ways. */
@Command(
        name = "kl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Work out the Kullback-Leibler divergence both ways, in nats: of two discrete distributions"
                + " (--p, --q) and/or two 1-D Gaussians (--gaussian-p, --gaussian-q), term by term, with a figure"
                + " of each.")
final class KlCommand implements Callable<Integer> {

    @Option(
            names = "--p",
            paramLabel = "P",
            description = "A discrete P: probabilities or fractions, e.g. 9/25,12/25,4/25.")
    String p;

    @Option(names = "--q", paramLabel = "Q", description = "A discrete Q over the same outcomes, e.g. 1/3,1/3,1/3.")
    String q;

    @Option(names = "--gaussian-p", paramLabel = "MU,SIGMA", description = "A Gaussian P: mean and standard deviation.")
    String gaussianP;

    @Option(names = "--gaussian-q", paramLabel = "MU,SIGMA", description = "A Gaussian Q: mean and standard deviation.")
    String gaussianQ;

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default runs/kl-<time>).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((p == null) != (q == null)
                || (gaussianP == null) != (gaussianQ == null)
                || (p == null && gaussianP == null)) {
            throw new UserError("give --p and --q (discrete), and/or --gaussian-p and --gaussian-q (1-D Gaussians)");
        }
        double[] dp = p == null ? null : distribution("--p", p);
        double[] dq = q == null ? null : distribution("--q", q);
        if (dp != null && dp.length != dq.length) {
            throw new UserError("--p has " + dp.length + " outcomes and --q " + dq.length + "; give both over the same"
                    + " outcomes");
        }
        double[] gp = gaussianP == null ? null : gaussian("--gaussian-p", gaussianP);
        double[] gq = gaussianQ == null ? null : gaussian("--gaussian-q", gaussianQ);
        RunDirectory run = RunDirectory.create(out, "kl");
        KlFigures.run(dp, dq, gp, gq, run, spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** @return the comma-separated numbers or fractions a/b of an option */
    static double[] numbers(String option, String text) {
        String[] parts = text.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].strip();
            try {
                int slash = s.indexOf('/');
                v[i] = slash < 0
                        ? Double.parseDouble(s)
                        : Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new UserError(option + " " + text + ": '" + s + "' is not a number or a fraction such as 9/25");
            }
            if (!Double.isFinite(v[i])) {
                throw new UserError(option + " " + text + ": '" + s + "' is not finite");
            }
        }
        return v;
    }

    private static double[] distribution(String option, String text) {
        double[] v = numbers(option, text);
        double sum = Arrays.stream(v).sum();
        if (Arrays.stream(v).anyMatch(x -> x < 0) || Math.abs(sum - 1) > 1e-6) {
            throw new UserError(String.format(
                    java.util.Locale.ROOT,
                    "%s %s: probabilities must be >= 0 and sum to 1, these sum to %.6g",
                    option,
                    text,
                    sum));
        }
        return v;
    }

    private static double[] gaussian(String option, String text) {
        double[] v = numbers(option, text);
        if (v.length != 2 || !(v[1] > 0)) {
            throw new UserError(option + " " + text + ": give MU,SIGMA with SIGMA > 0, e.g. 0,1");
        }
        return v;
    }
}
