package genmodels.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.errors.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSpecTest {

    private static Map<String, List<String>> grid(Object... keyValues) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            g.put((String) keyValues[i], SweepSpec.values((String) keyValues[i], (String) keyValues[i + 1]));
        }
        return g;
    }

    @Test
    void theGridIsAProductWithTheLastKeyFastestThenSeeds() {
        SweepSpec spec = new SweepSpec(
                "train-vae",
                null,
                grid("model.latent_dim", "2,10,20", "train.optimizer.lr", "0.001,0.002"),
                List.of(1, 2),
                null);
        List<SweepSpec.Run> runs = spec.runs();
        assertEquals(12, runs.size());
        assertEquals(
                List.of("model.latent_dim=2", "train.optimizer.lr=0.001", "train.seed=1"),
                runs.get(0).sets());
        assertEquals(
                List.of("model.latent_dim=2", "train.optimizer.lr=0.001", "train.seed=2"),
                runs.get(1).sets());
        assertEquals(
                List.of("model.latent_dim=2", "train.optimizer.lr=0.002", "train.seed=1"),
                runs.get(2).sets());
        assertEquals(
                List.of("model.latent_dim=20", "train.optimizer.lr=0.002", "train.seed=2"),
                runs.get(11).sets());
        assertEquals(
                Map.of("model.latent_dim", "20", "train.optimizer.lr", "0.002"),
                runs.get(11).point());
        for (int i = 0; i < 12; i++) {
            assertEquals(i, runs.get(i).index());
        }
    }

    @Test
    void valuesSplitOutsideBracketsAndRangesExcludeStop() {
        assertEquals(List.of("[400]", "[200, 100]"), SweepSpec.values("model.hidden", "[400],[200, 100]"));
        assertEquals(List.of("'a,b'", "c"), SweepSpec.values("k", "'a,b',c"));
        assertEquals(List.of("0.001", "0.002", "0.003"), SweepSpec.values("lr", "range(0.001, 0.004, 0.001)"));
        assertEquals(List.of("10", "8", "6"), SweepSpec.values("k", "range(10, 4, -2)"));
        assertEquals(List.of("1", "2"), SweepSpec.values("k", " range(1,3,1) "));
        for (String bad : List.of("range(1, 5)", "range(1, 5, 0)", "range(5, 1, 1)", "range(a, 5, 1)")) {
            UserError e = assertThrows(UserError.class, () -> SweepSpec.values("train.epochs", bad));
            assertTrue(e.getMessage().startsWith("train.epochs: range("), e.getMessage());
        }
        UserError empty = assertThrows(
                UserError.class,
                () -> new SweepSpec("train-vae", null, Map.of("model.beta", List.of()), List.of(), null).runs());
        assertEquals("--grid model.beta: no values; give at least one, e.g. --grid model.beta=1,2", empty.getMessage());
    }

    @Test
    void randomDrawsAreReproducibleFromTheirSeedAndStayInRange() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("train.optimizer.lr", "loguniform(1e-4, 1e-2)");
        params.put("model.beta", "uniform(0.5, 2)");
        params.put("model.hidden", "choice([400], [200, 100])");
        SweepSpec a = new SweepSpec(
                "train-vae",
                null,
                grid("model.latent_dim", "2,20"),
                List.of(),
                new SweepSpec.RandomSearch(5, 7, params));
        List<SweepSpec.Run> runs = a.runs();
        assertEquals(10, runs.size(), "2 grid points x 5 draws");
        for (SweepSpec.Run r : runs) {
            double lr = Double.parseDouble(r.overrides().get("train.optimizer.lr"));
            double beta = Double.parseDouble(r.overrides().get("model.beta"));
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            assertTrue(beta >= 0.5 && beta <= 2, "beta " + beta);
            assertTrue(List.of("[400]", "[200, 100]").contains(r.overrides().get("model.hidden")));
        }
        SweepSpec same = new SweepSpec(
                "train-vae",
                null,
                grid("model.latent_dim", "2,20"),
                List.of(),
                new SweepSpec.RandomSearch(5, 7, params));
        assertEquals(runs, same.runs(), "the same seed draws the same values");
        SweepSpec other = new SweepSpec(
                "train-vae",
                null,
                grid("model.latent_dim", "2,20"),
                List.of(),
                new SweepSpec.RandomSearch(5, 8, params));
        assertNotEquals(runs, other.runs());
        UserError bad = assertThrows(
                UserError.class,
                () -> new SweepSpec(
                                "train-vae",
                                null,
                                Map.of(),
                                List.of(),
                                new SweepSpec.RandomSearch(2, 1, Map.of("model.beta", "loguniform(0, 1)")))
                        .runs());
        assertTrue(bad.getMessage().contains("needs two numbers a < b, both positive"), bad.getMessage());
    }
}
