package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.io.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's poor local maximum: on the three bumps, gradient ascent from seed 3's random data
 * points stalls far below the optimum, and restarts with the same seed (same data) escape it. EM on
 * the same draws is the independent reference for where the maximum is.
 */
class GradientRestartTest {

    @TempDir
    Path dir;

    private double trainLogLikelihood(String name, String... sets) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "fit-gmm",
                "--config",
                "configs/gmm-three-bumps.yaml",
                "--threads",
                "1",
                "--set",
                "model.components=[3]",
                "--set",
                "train.seed=3",
                "--out",
                dir.resolve(name).toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        MainTest.Result r = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return Json.mapper()
                .readTree(dir.resolve(name).resolve("summary.json").toFile())
                .path("train")
                .path("mean_log_likelihood")
                .asDouble();
    }

    @Test
    void aBadStartStallsAndRestartsEscapeIt() throws Exception {
        double em = trainLogLikelihood("em");
        String[] gradient = {"model.method=gradient", "model.init=random_from_data"};
        double single = trainLogLikelihood("single", gradient);
        double restarts = trainLogLikelihood("restarts", gradient[0], gradient[1], "model.n_init=4");
        assertTrue(single < em - 0.2, "one start stalls: " + single + " against EM's " + em);
        assertTrue(restarts > single + 0.2, "the best of four starts escapes: " + restarts + " against " + single);
        assertTrue(restarts > em - 0.06, "and gets near EM's maximum: " + restarts + " against " + em);
    }
}
