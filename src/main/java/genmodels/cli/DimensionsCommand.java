package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.io.RunDirectory;
import genmodels.statistics.HighDimensionFigures;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels dimensions}: the curse of dimensionality, measured. */
@Command(
        name = "dimensions",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = "Measure the curse of dimensionality on uniform points: the share of empty histogram cells"
                + " against the dimension (with its expected value), and how the nearest and farthest neighbour"
                + " distances concentrate.")
final class DimensionsCommand implements Callable<Integer> {

    @Option(names = "--points", paramLabel = "N", defaultValue = "1000", description = "Points per dimension.")
    int points;

    @Option(names = "--bins", paramLabel = "B", defaultValue = "10", description = "Histogram bins per axis.")
    int bins;

    @Option(
            names = "--max-cell-dimension",
            paramLabel = "D",
            defaultValue = "6",
            description = "Largest d of the cells.")
    int maxCellDimension;

    @Option(
            names = "--distance-dimensions",
            paramLabel = "LIST",
            defaultValue = "1,2,5,10,20,50,100,200,500,1000",
            split = ",",
            description = "Dimensions of the distance measurements.")
    int[] distanceDimensions;

    @Option(names = "--queries", paramLabel = "Q", defaultValue = "50", description = "Query points for the distances.")
    int queries;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seeds the points.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default runs/dimensions-<time>).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        UserError.unless(points >= 2 && points <= 100_000, "--points " + points + ": give 2 to 100000");
        UserError.unless(bins >= 2 && bins <= 100, "--bins " + bins + ": give 2 to 100");
        UserError.unless(
                maxCellDimension >= 1 && Math.pow(bins, maxCellDimension) <= 1e12,
                "--max-cell-dimension " + maxCellDimension + ": give 1 or more, with bins^d at most 1e12");
        UserError.unless(
                distanceDimensions.length >= 1
                        && Arrays.stream(distanceDimensions).allMatch(d -> d >= 1 && d <= 100_000),
                "--distance-dimensions: give dimensions from 1 to 100000");
        UserError.unless(queries >= 1 && queries < points, "--queries " + queries + ": give 1 to --points - 1");
        RunDirectory run = RunDirectory.create(out, "dimensions");
        HighDimensionFigures.run(
                points,
                bins,
                maxCellDimension,
                distanceDimensions,
                queries,
                seed,
                run,
                spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
