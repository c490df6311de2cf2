package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.io.RunDirectory;
import genmodels.statistics.ManifoldFigures;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels explain manifold}: 2-D points near a curve, and what PCA's line does to them. */
@Command(
        name = "manifold",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = "Draw 2-D points near a spiral (one number, the position along it, describes each), fit PCA's"
                + " first axis, and measure how often a point's nearest neighbour is far along the curve, in the"
                + " plane and after projecting on PC1.")
final class ManifoldCommand implements Callable<Integer> {

    @Option(names = "--points", paramLabel = "N", defaultValue = "1000", description = "Points on the curve.")
    int points;

    @Option(names = "--noise", paramLabel = "S", defaultValue = "0.3", description = "Noise around the curve (sd).")
    double noise;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds the points.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default runs/manifold-<time>).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        UserError.unless(points >= 2 && points <= 20_000, "--points " + points + ": give 2 to 20000");
        UserError.unless(noise >= 0 && Double.isFinite(noise), "--noise " + noise + ": give 0 or a positive number");
        RunDirectory run = RunDirectory.create(out, "manifold");
        ManifoldFigures.run(points, noise, seed, run, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
