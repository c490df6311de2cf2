package genmodels.cli;

import picocli.CommandLine.Command;

/**
 * {@code genmodels sweep}: the group of a sweep's commands ({@code run}, {@code status}, {@code
 * collect}, and the hidden {@code task} each worker runs), and itself the launch, as before the
 * group existed ({@code genmodels sweep train-vae --grid ...}).
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        subcommands = {SweepRunCommand.class, SweepStatusCommand.class, SweepCollectCommand.class},
        synopsisSubcommandLabel = "[run | status | collect]",
        description = "Run COMMAND over the product of --grid values (and --seeds), each run an ordinary run directory"
                + " under SWEEP_DIR/runs, on this machine (--executor local --parallel N) or as one SLURM job array"
                + " (--executor slurm); the same as sweep run. Then: genmodels sweep status SWEEP_DIR, genmodels sweep collect"
                + " SWEEP_DIR.")
final class SweepCommand extends SweepLaunch {}
