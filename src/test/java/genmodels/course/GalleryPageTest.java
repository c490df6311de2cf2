package genmodels.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery page: decks in order, pictures embedded side by side, captions, commands, gaps. */
class GalleryPageTest {

    @TempDir
    Path dir;

    private void png(Path file, int width) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(width, 10, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    @Test
    void decksInCourseOrderWithPicturesCaptionsAndTheMissingFigures() throws Exception {
        CourseManifest.Entry fit = new CourseManifest.Entry(
                "fit",
                "three <bumps>",
                "EM finds them.",
                List.of("fit-gmm", "--out", "{out}"),
                null,
                List.of("density.png", "latent/last"),
                List.of("test.mean_log_likelihood"),
                "under 5 s",
                null);
        CourseManifest.Entry view = new CourseManifest.Entry(
                "again", "recap", "The same picture again.", null, null, List.of("@fit/density.png"), null, null, null);
        CourseManifest.Entry gap = new CourseManifest.Entry(
                "gap", "a slide", "Something not drawn yet.", null, null, null, null, null, "no such figure yet");
        CourseManifest manifest = new CourseManifest(
                List.of(
                        new CourseManifest.Deck("b_deck", "Second file, first lecture", List.of(fit, gap)),
                        new CourseManifest.Deck("a_deck", "Then this", List.of(view))),
                "fewer images");
        png(dir.resolve("runs/fit/density.png"), 800);
        png(dir.resolve("runs/fit/latent/epoch-0001.png"), 100);
        png(dir.resolve("runs/fit/latent/epoch-0002.png"), 120);
        Files.writeString(
                dir.resolve("runs/fit/summary.json"),
                "{\"test\": {\"mean_log_likelihood\": -2.25}, \"headline\": {\"figure\": \"test.mean_log_likelihood\","
                        + " \"higher_is_better\": true}}");
        CourseState state = CourseState.open(dir, "small");
        state.record("fit", new CourseState.Outcome("done", 1.5, 0, "fit-gmm --out runs/fit", null));

        Document page = GalleryPage.build(manifest, dir, manifest.entries(), state);
        List<String> sections = page.select("section").eachAttr("id");
        assertEquals(List.of("b_deck", "a_deck"), sections, "course order, not file order");
        Element article = page.getElementById("fit");
        assertEquals("three <bumps>", article.selectFirst("h3").text(), "escaped, shown as written");
        List<Element> images = article.select(".pictures img");
        assertEquals(2, images.size(), "side by side in one row");
        assertTrue(images.get(0).attr("src").startsWith("data:image/png;base64,"));
        assertTrue(images.get(0).attr("width").isEmpty(), "large pictures at their size");
        assertEquals("240", images.get(1).attr("width"), "small grids at twice their size");
        assertTrue(
                article.select("figcaption").eachText().contains("runs/fit/latent/epoch-0002.png"),
                "the newest picture of a folder");
        String caption = article.select("p.caption").text();
        assertTrue(caption.contains("Deck b_deck, slide \"three <bumps>\"."), caption);
        assertTrue(caption.contains("Measured: test.mean_log_likelihood -2.25. done"), caption + " (named once)");
        assertTrue(caption.contains("done in 1.5 s at this budget. Full budget: under 5 s."), caption);
        assertEquals(
                "genmodels fit-gmm --out runs/fit", article.selectFirst("pre").text());
        Element missing = page.getElementById("gap");
        assertTrue(missing.hasClass("missing"));
        assertTrue(missing.text().contains("Not made yet: no such figure yet"), missing.text());
        Element again = page.getElementById("again");
        assertEquals(1, again.select("img").size());
        assertTrue(again.text().contains("Measured (fit): mean_log_likelihood -2.25."), again.text());
        assertTrue(page.text().contains("Small budget: fewer images"));
        assertTrue(page.select("script, link, [src^=http]").isEmpty(), "self-contained");
        String table = page.selectFirst("table").text();
        assertTrue(table.contains("b_deck 1 0 1 2"), table); // made, failed, not made yet, seconds
    }
}
