package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.io.RunDirectory;
import genmodels.statistics.GradientVariance;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels explain gradients}: the score-function and reparameterisation gradients' variance. */
@Command(
        name = "gradients",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = "Estimate d/dmu E[(z - t)^2], z ~ N(mu, sigma^2), by the score function (REINFORCE) and by"
                + " reparameterisation, many times for each number of draws S, and draw both variances against S.")
final class GradientsCommand implements Callable<Integer> {

    @Option(names = "--mu", paramLabel = "M", defaultValue = "0", description = "The distribution's mean.")
    double mu;

    @Option(names = "--sigma", paramLabel = "S", defaultValue = "1", description = "Its standard deviation.")
    double sigma;

    @Option(names = "--target", paramLabel = "T", defaultValue = "3", description = "t in f(z) = (z - t)^2.")
    double target;

    @Option(
            names = "--samples",
            paramLabel = "S,...",
            split = ",",
            defaultValue = "1,3,10,30,100,300,1000",
            description = "Draws per estimate, increasing.")
    int[] samples;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "2000", description = "Estimates per S.")
    int repeats;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds the draws.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default runs/gradients-<time>).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        UserError.unless(sigma > 0 && Double.isFinite(sigma), "--sigma " + sigma + ": give a positive number");
        UserError.unless(repeats >= 2 && repeats <= 1_000_000, "--repeats " + repeats + ": give 2 to 1000000");
        for (int i = 0; i < samples.length; i++) {
            UserError.unless(
                    samples[i] >= 1 && samples[i] <= 100_000 && (i == 0 || samples[i] > samples[i - 1]),
                    "--samples: give increasing counts from 1 to 100000, e.g. 1,10,100");
        }
        RunDirectory run = RunDirectory.create(out, "gradients");
        GradientVariance.run(
                mu,
                sigma,
                target,
                samples,
                repeats,
                seed,
                run,
                spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
