package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports of real runs on the slice, read back as a browser would: every picture decodes, every string escaped. */
class ReportCommandTest {

    /** A folder name that is HTML in disguise: it reaches the report through the config's data.dir. */
    static final String HOSTILE = "slice <b>&\"x'</b><script>alert(1)</script>";

    @TempDir
    static Path dir;

    static Path vae;
    static Path pca;

    @BeforeAll
    static void runs() throws IOException {
        Path data = Files.createDirectories(dir.resolve(HOSTILE));
        try (Stream<Path> files = Files.list(TestData.mnistSlice())) {
            for (Path f : files.toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        String quoted = "\"" + data.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        Path config = dir.resolve("vae.yaml");
        Files.writeString(config, "data:\n  dir: " + quoted + "\n");
        vae = dir.resolve("vae");
        MainTest.Result r = MainTest.run(
                "train-vae",
                "-q",
                "--threads",
                "1",
                "--config",
                config.toString(),
                "--set",
                "model.hidden=[64]",
                "--set",
                "model.latent_dim=2",
                "--set",
                "train.epochs=2",
                "--set",
                "train.batch_size=100",
                "--out",
                vae.toString());
        assertEquals(0, r.code(), r.err());
        pca = dir.resolve("pca");
        MainTest.Result p =
                MainTest.run("pca", "--threads", "1", "--config", config.toString(), "--out", pca.toString());
        assertEquals(0, p.code(), p.err());
    }

    /** Parses a report and checks what a browser would show. */
    private static Document check(Path report) throws IOException {
        String html = Files.readString(report);
        assertFalse(html.contains("<b>&") || html.contains("<script>"), "no config string reaches the page unescaped");
        assertFalse(html.contains("http://") || html.contains("https://"), "self-contained: nothing to fetch");
        Document doc = Jsoup.parse(html);
        assertTrue(doc.select("script").isEmpty(), "no script element at all");
        int images = 0;
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            assertTrue(src.startsWith("data:image/png;base64,"), src.substring(0, Math.min(40, src.length())));
            byte[] png = Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()));
            assertNotNull(
                    ImageIO.read(new ByteArrayInputStream(png)), "embedded image " + img.attr("alt") + " decodes");
            images++;
        }
        assertTrue(images >= 3, images + " images");
        return doc;
    }

    @Test
    void everyRunWritesAReportWhosePicturesDecodeAndWhoseStringsAreEscaped() throws IOException {
        Document doc = check(vae.resolve("report.html"));
        assertTrue(doc.text().contains(HOSTILE), "the folder name is shown as the text it is");
        assertTrue(doc.select("pre").text().contains("latent_dim: 2"), "the resolved config");
        assertTrue(doc.select("img[alt^=learning curves]").size() == 1, "the learning curves");
        assertTrue(doc.text().contains("train_images_md5"), "the data's checksums");
        String test = Files.readString(vae.resolve("summary.json"));
        assertTrue(test.contains("neg_elbo"));
        assertTrue(doc.select("th").eachText().contains("neg_elbo"), "the metrics table");
        Document fit = check(pca.resolve("report.html"));
        assertTrue(
                fit.select("img[alt^=principal components]").size() == 1,
                fit.select("img").eachAttr("alt").toString());
    }

    @Test
    void severalRunsSideBySideWithAComparisonTable() throws IOException {
        Path out = dir.resolve("compare.html");
        MainTest.Result r = MainTest.run("report", vae.toString(), pca.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        Document doc = check(out);
        assertEquals(2, doc.select("section.run").size());
        Element comparison = doc.selectFirst("h2:contains(Comparison) + table");
        assertNotNull(comparison);
        assertEquals(3, comparison.select("tr").size(), "a header and one row per run");
        assertTrue(comparison.text().contains("train-vae") && comparison.text().contains("pca"), comparison.text());
        assertTrue(
                comparison.text().contains("validation.neg_elbo "), "the figure the VAE is ranked by: " + comparison);
        String section = doc.selectFirst("section.run").html();
        assertTrue(
                section.indexOf("<img") < section.indexOf("<details class=\"provenance\""),
                "pictures first, how the run was made folded away below them");
    }

    @Test
    void aFolderThatIsNotARunIsAOneLineError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        MainTest.Result r = MainTest.run("report", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a finished run directory (no summary.json)"), r.err());
        assertFalse(Files.exists(empty.resolve("report.html")));
    }
}
