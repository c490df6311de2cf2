package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.io.RunDirectory;
import genmodels.statistics.SlicedFigures;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels sliced}: the sliced distance between two point sets, step by step. */
@Command(
        name = "sliced",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = "Draw the sliced Wasserstein distance between two 2-D point sets (a Gaussian blob and a uniform"
                + " disk) step by step: random directions, sorted projections matched in order, and SW2^2 against the"
                + " number of directions.")
final class SlicedCommand implements Callable<Integer> {

    @Option(names = "--points", paramLabel = "N", defaultValue = "30", description = "Points per set.")
    int points;

    @Option(names = "--shown", paramLabel = "L", defaultValue = "3", description = "Directions drawn one panel each.")
    int shown;

    @Option(names = "--directions", paramLabel = "L", defaultValue = "500", description = "Directions of the estimate.")
    int directions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seeds the points and directions.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default runs/sliced-<time>).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        UserError.unless(points >= 1 && points <= 10_000, "--points " + points + ": give 1 to 10000");
        UserError.unless(shown >= 1 && shown <= 8, "--shown " + shown + ": give 1 to 8");
        UserError.unless(
                directions >= 1 && directions <= 1_000_000, "--directions " + directions + ": give 1 to 1000000");
        RunDirectory run = RunDirectory.create(out, "sliced");
        SlicedFigures.run(
                points, shown, directions, seed, run, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
