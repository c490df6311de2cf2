package genmodels.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PCA's first axis in closed form, and the folding a line does to a spiral. */
class ManifoldFiguresTest {

    @TempDir
    Path dir;

    @Test
    void theFirstComponentOfPointsOnADiagonalIsTheDiagonal() {
        double[] pc = ManifoldFigures.firstComponent(new double[] {0, 1, 2, 3}, new double[] {1, 2, 3, 4});
        assertEquals(Math.sqrt(0.5), Math.abs(pc[0]), 1e-12);
        assertEquals(pc[0], pc[1], 1e-12);
        assertEquals(1.5, pc[2], 1e-12);
        assertEquals(2.5, pc[3], 1e-12);
        assertEquals(1.0, pc[4], 1e-12, "all the variance");
        double[] axis = ManifoldFigures.firstComponent(new double[] {-2, 2, 0, 0}, new double[] {0, 0, -1, 1});
        assertEquals(1.0, Math.abs(axis[0]), 1e-12, "the wider axis, x");
        assertEquals(0.8, axis[4], 1e-12, "4 / (4 + 1) of (2^2 + 2^2) / 4 and (1 + 1) / 4");
    }

    @Test
    void theSpiralsNeighboursStayNearInThePlaneAndFoldOnPc1() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("m").toString(), "manifold");
        ManifoldFigures.run(600, 0.2, 3, run, new PrintWriter(new StringWriter()));
        JsonNode far = Json.mapper().readTree(run.summary().toFile()).path("far_neighbour_share");
        assertTrue(far.path("plane").asDouble() < 0.02, far.toString());
        assertTrue(far.path("pc1").asDouble() > 0.2, far.toString());
        assertTrue(run.root().resolve("manifold.png").toFile().isFile());
    }

    @Test
    void aNeighbourFarAlongTheCurveIsCounted() {
        // points 0 and 1 are close in (a, b) but far in t; 2 and 3 close in both
        double[] t = {0.0, 0.9, 0.5, 0.52};
        double[] a = {0.0, 0.1, 5.0, 5.1};
        assertEquals(0.5, ManifoldFigures.farNeighbourShare(t, a, new double[4]), 1e-12);
    }
}
