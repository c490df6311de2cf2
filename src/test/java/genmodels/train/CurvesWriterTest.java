package genmodels.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class CurvesWriterTest {

    @TempDir
    Path dir;

    private static Map<String, Double> terms(double negElbo) {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("neg_elbo", negElbo);
        t.put("kl", negElbo / 5);
        return t;
    }

    private static EpochResult epoch(int e, double train, double test) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        m.put("train", terms(train));
        m.put("test", terms(test));
        return new EpochResult(e, m, 1.0, 1000.0, 500.0);
    }

    @Test
    void eachPanelHoldsExactlyTheEpochsFiguresOfItsTermPerSplit() throws Exception {
        Path file = dir.resolve("curves.png");
        CurvesWriter writer = new CurvesWriter(file, "run-a", TERMS);
        List<EpochResult> history = new ArrayList<>();
        history.add(epoch(1, 150, 130));
        writer.onEpochEnd(history.get(0), history);
        byte[] first = Files.readAllBytes(file);
        history.add(epoch(2, 120, 115));
        writer.onEpochEnd(history.get(1), history);
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(file)), "redrawn with the second epoch");
        BufferedImage sheet = ImageIO.read(file.toFile());
        assertEquals(2 * 520, sheet.getWidth(), "two terms side by side");

        List<XYChart> panels = writer.panels(history);
        assertEquals(
                List.of("run-a: neg_elbo", "run-a: kl"),
                panels.stream().map(XYChart::getTitle).toList());
        for (XYChart panel : panels) {
            String term = panel.getTitle().substring("run-a: ".length());
            assertEquals(writer.axisTitle(term), panel.getYAxisTitle());
            assertEquals(
                    List.of("train", "test"), List.copyOf(panel.getSeriesMap().keySet()));
            for (String split : List.of("train", "test")) {
                XYSeries series = panel.getSeriesMap().get(split);
                assertArrayEquals(new double[] {1, 2}, series.getXData());
                double[] expected = new double[2];
                for (int e = 0; e < 2; e++) {
                    expected[e] = history.get(e).metrics().get(split).get(term);
                }
                assertArrayEquals(expected, series.getYData(), 0.0, term + " " + split);
            }
        }
    }

    private static final List<Term> TERMS = List.of(
            Term.lower("neg_elbo", "nats per image"),
            Term.lower("kl", "nats per image"),
            Term.higher("accuracy", "fraction correct"));

    @Test
    void axisTitlesAreTheTermsUnitsAndDirections() {
        CurvesWriter writer = new CurvesWriter(dir.resolve("c.png"), "run", TERMS);
        assertEquals("neg_elbo (nats per image, lower is better)", writer.axisTitle("neg_elbo"));
        assertEquals("accuracy (fraction correct, higher is better)", writer.axisTitle("accuracy"));
        assertEquals("other", writer.axisTitle("other"));
    }
}
