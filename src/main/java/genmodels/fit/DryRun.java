package genmodels.fit;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.io.RunDirectory;
import java.io.PrintWriter;

/** {@code --dry-run} of the density commands: the output folder, the points and the config, checked. */
public final class DryRun {

    private DryRun() {}

    /**
     * Checks that the output folder is free and the points load, prints the resolved config.
     *
     * @throws genmodels.errors.UserError as the real run would
     */
    public static void check(RunConfig<?> config, Device device, PrintWriter out) {
        RunDirectory.checkAvailable(config.output().dir());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Points points = PointSources.load(config.data(), config.train().seed(), manager);
            out.print(ConfigLoader.toYaml(config));
            out.println("dry run: " + points.description() + "; nothing was fitted or written");
            out.flush();
        }
    }
}
