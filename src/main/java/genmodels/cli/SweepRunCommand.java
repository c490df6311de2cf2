package genmodels.cli;

import picocli.CommandLine.Command;

/** {@code genmodels sweep run COMMAND ...}: the sweep's launch, by its own name. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Run COMMAND over the product of --grid values (and --seeds), each run an ordinary run directory"
                + " under SWEEP_DIR/runs, on this machine (--executor local --parallel N) or as one SLURM job array"
                + " (--executor slurm).")
final class SweepRunCommand extends SweepLaunch {}
