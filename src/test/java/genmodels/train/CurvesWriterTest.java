package genmodels.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import genmodels.models.Term;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesWriterTest {

    @TempDir
    Path dir;

    private static EpochResult epoch(int e, double train, double test) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        m.put("train", Map.of("neg_elbo", train, "kl", train / 5));
        m.put("test", Map.of("neg_elbo", test, "kl", test / 5));
        return new EpochResult(e, m, 1.0, 1000.0, 500.0);
    }

    @Test
    void onePanelPerTermRedrawnAtEveryEpoch() throws Exception {
        Path file = dir.resolve("curves.png");
        CurvesWriter writer = new CurvesWriter(file, "run-a", TERMS);
        List<EpochResult> history = new ArrayList<>();
        history.add(epoch(1, 150, 130));
        writer.onEpochEnd(history.get(0), history);
        byte[] first = Files.readAllBytes(file);
        history.add(epoch(2, 120, 115));
        writer.onEpochEnd(history.get(1), history);
        BufferedImage sheet = ImageIO.read(file.toFile());
        assertEquals(2 * 520, sheet.getWidth(), "two terms side by side");
        assertEquals(380, sheet.getHeight());
        assertNotEquals(first.length, Files.readAllBytes(file).length, "redrawn with the second epoch");
    }

    private static final List<Term> TERMS = List.of(Term.lower("neg_elbo", "nats per image"),
            Term.lower("kl", "nats per image"), Term.higher("accuracy", "fraction correct"));

    @Test
    void axisTitlesAreTheTermsUnitsAndDirections() {
        CurvesWriter writer = new CurvesWriter(dir.resolve("c.png"), "run", TERMS);
        assertEquals("neg_elbo (nats per image, lower is better)", writer.axisTitle("neg_elbo"));
        assertEquals("accuracy (fraction correct, higher is better)", writer.axisTitle("accuracy"));
        assertEquals("other", writer.axisTitle("other"));
    }
}
