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
    void lecturesInCourseOrderWithIndexPicturesFiguresAndTheMissingFigures() throws Exception {
        CourseManifest.Entry fit = new CourseManifest.Entry(
                "fit",
                "three <bumps>",
                "EM finds them: {test.mean_log_likelihood} nats, the KL {trend:train.kl}.",
                List.of("fit-gmm", "--out", "{out}"),
                List.of("--set", "train.epochs=5"),
                List.of("density.png", "latent/last", "absent.png"),
                "under 5 s",
                null);
        CourseManifest.Entry view = new CourseManifest.Entry(
                "again",
                "recap",
                "The same picture again ({@fit:test.mean_log_likelihood}).",
                null,
                null,
                List.of("@fit/density.png"),
                null,
                null);
        CourseManifest.Entry gap = new CourseManifest.Entry(
                "gap", "a slide", "Something not drawn yet.", null, null, null, null, "no such figure yet");
        CourseManifest manifest = new CourseManifest(
                List.of(
                        new CourseManifest.Deck("b_deck", "Lecture 1: first", List.of(fit, gap)),
                        new CourseManifest.Deck("a_deck", "Lecture 2: then this", List.of(view))),
                "fewer images");
        png(dir.resolve("runs/fit/density.png"), 800);
        png(dir.resolve("runs/fit/latent/epoch-0001.png"), 100);
        png(dir.resolve("runs/fit/latent/epoch-0002.png"), 120);
        Files.writeString(dir.resolve("runs/fit/summary.json"), "{\"test\": {\"mean_log_likelihood\": -2.25}}");
        Files.writeString(
                dir.resolve("runs/fit/metrics.csv"),
                "epoch,split,kl\n1,train,15.5\n1,test,16\n2,train,24.7\n2,test,25\n");
        CourseState state = CourseState.open(dir, "small");
        state.record(
                "fit",
                new CourseState.Outcome("done", 1.5, 0, "fit-gmm --out runs/fit --set data.dir=/home/me/mnist", null));

        Document page = GalleryPage.build(manifest, dir, manifest.entries(), state);
        assertEquals(List.of("b_deck", "a_deck"), page.select("section").eachAttr("id"), "course order");
        assertEquals(
                "Lecture 1: first b_deck.txt", page.selectFirst("section h2").text(), "title, file small");
        assertEquals(List.of("#fit", "#gap"), page.select("#b_deck nav a").eachAttr("href"), "the slide index");
        Element article = page.getElementById("fit");
        assertEquals("three <bumps> #", article.selectFirst("h3").text(), "escaped, shown as written");
        assertEquals(
                "EM finds them: -2.250 nats, the KL rises from 15.50 to 24.70.",
                article.selectFirst("p.point").text(),
                "the figures and the direction from the run");
        List<Element> images = article.select(".pictures img");
        assertEquals(2, images.size(), "side by side in one row");
        assertEquals("runs/fit/density.png", images.get(0).attr("src"), "linked from runs/, not embedded");
        assertEquals("800", images.get(0).attr("width"), "large pictures at their size");
        assertEquals("240", images.get(1).attr("width"), "small grids at twice their size");
        assertEquals("runs/fit/latent/epoch-0002.png", images.get(1).attr("src"), "the newest picture of a folder");
        assertTrue(article.select(".absent").text().contains("absent.png: not written"), "never left out silently");
        assertEquals(
                "Done in 1.5 s here at the small budget (--set train.epochs=5); the full budget: under 5 s.",
                article.selectFirst("p.caption").text());
        assertEquals(
                "genmodels fit-gmm --out runs/fit --set data.dir=$DATA",
                article.selectFirst("pre").text());
        Element missing = page.getElementById("gap");
        assertTrue(missing.hasClass("missing"));
        assertTrue(missing.text().contains("Not made yet: no such figure yet"), missing.text());
        Element again = page.getElementById("again");
        assertEquals(1, again.select("img").size());
        assertEquals(
                "The same picture again (-2.250).", again.selectFirst("p.point").text());
        assertTrue(page.text().contains("Small budget: fewer images"));
        assertTrue(page.select("script, link, [src^=http]").isEmpty(), "nothing fetched");
        String table = page.selectFirst("table").text();
        assertTrue(table.contains("Lecture 1: first b_deck.txt 0 0 1 2"), table); // made, failed, not made, seconds
    }

    @Test
    void aFigureTheRunDidNotWriteIsAnErrorNotABlank() throws Exception {
        Files.createDirectories(dir.resolve("runs/fit"));
        Files.writeString(dir.resolve("runs/fit/summary.json"), "{\"test\": {\"accuracy\": 0.5}}");
        assertEquals("50.0%", CaptionText.render("{pct:test.accuracy}", dir, "fit"));
        assertEquals("-2,252,034", CaptionText.number(-2252033.9875));
        CaptionText.Missing e = org.junit.jupiter.api.Assertions.assertThrows(
                CaptionText.Missing.class, () -> CaptionText.render("{test.kl}", dir, "fit"));
        assertTrue(e.getMessage().contains("the run fit did not write test.kl"), e.getMessage());
        assertEquals("falls from 3.000 to 2.000", CaptionText.trend(3, 2));
        assertEquals("stays at 1.000", CaptionText.trend(1, 1.00001));
    }

    @Test
    void aPointThatTypesAMeasuredFigureIsRefused() {
        CourseManifest.Entry typed = new CourseManifest.Entry(
                "k",
                "s",
                "reaches 0.66 accuracy at bandwidth 0.05",
                List.of("x", "--set", "b=0.05"),
                null,
                List.of("a.png"),
                null,
                null);
        assertEquals("0.66", CourseManifest.typedFigure(typed), "0.05 is a setting of its command line");
    }
}
