package genmodels.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import genmodels.config.DataConfig;
import genmodels.errors.UserError;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders without train/ and test/: flat or in class folders, split per file by a hash of its path. */
class UnsplitFolderTest {

    @TempDir
    Path dir;

    private static void png(Path file, int level) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.getRaster().setSample(x, y, 0, (level * 7 + x + y) % 256);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static DataConfig folder(Path root, double validation, double testFraction, int seed) {
        return new DataConfig(
                "images",
                "folder",
                root.toString(),
                validation,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                testFraction,
                seed,
                null);
    }

    private static Datasets.Splits load(DataConfig c) {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(c, m);
            // sizes are read before the arrays go with the manager
            return new Datasets.Splits(null, null, null, s.image(), s.classNames(), s.identity(), s.fileSplits());
        }
    }

    @Test
    void aFlatFolderIsSplitPerFileAndAddingFilesMovesNoExistingFile() throws Exception {
        Path root = dir.resolve("flat");
        for (int i = 0; i < 200; i++) {
            png(root.resolve(i < 150 ? "img" + i + ".png" : "nested/deeper/img" + i + ".png"), i);
        }
        Files.writeString(root.resolve("notes.txt"), "not an image");
        png(root.resolve(".hidden.png"), 1);
        DataConfig c = folder(root, 0.1, 0.2, 0);
        Map<String, String> before;
        int train;
        int validation;
        int test;
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(c, m);
            before = s.fileSplits();
            train = s.train().size();
            validation = s.validation().size();
            test = s.test().size();
            assertEquals(0, s.image().classes(), "a flat folder is unlabelled");
            assertNull(s.classNames());
        }
        assertEquals(200, before.size(), "the hidden file and the text file are skipped");
        assertTrue(before.containsKey("nested/deeper/img160.png"), "nested folders are walked");
        Map<String, Integer> counts = new HashMap<>();
        before.forEach((path, split) -> {
            counts.merge(split, 1, Integer::sum);
            assertEquals(HashSplit.of(path, 0, 0.2, 0.1), split, path);
        });
        assertEquals(counts.get("train"), train);
        assertEquals(counts.get("validation"), validation);
        assertEquals(counts.get("test"), test);
        assertTrue(test > 20 && test < 60, "about a fifth to test: " + test);
        assertTrue(validation > 5 && validation < 40, "about a tenth to validation: " + validation);

        for (int i = 200; i < 250; i++) {
            png(root.resolve("added" + i + ".png"), i);
        }
        Map<String, String> after = load(c).fileSplits();
        assertEquals(250, after.size());
        before.forEach((path, split) -> assertEquals(split, after.get(path), path + " stayed in its split"));
        Map<String, String> otherSeed = load(folder(root, 0.1, 0.2, 1)).fileSplits();
        assertTrue(
                before.entrySet().stream().anyMatch(e -> !e.getValue().equals(otherSeed.get(e.getKey()))),
                "another split_seed, another split");
    }

    @Test
    void classFoldersWithoutASplitAreLabelledByTheirNames() throws Exception {
        Path root = dir.resolve("classes");
        for (int i = 0; i < 90; i++) {
            String cls = List.of("bag", "boot", "coat").get(i % 3);
            png(root.resolve(cls + "/" + (i % 2 == 0 ? "" : "sub/") + i + ".png"), i);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(folder(root, 0.0, 0.3, 0), m);
            assertEquals(List.of("bag", "boot", "coat"), s.classNames());
            assertEquals(3, s.image().classes());
            assertNull(s.validation(), "no validation fraction, no validation split");
            assertEquals(90, s.train().size() + s.test().size());
            int[] labels = s.test().labels().toIntArray();
            List<String> testFiles = s.fileSplits().entrySet().stream()
                    .filter(e -> e.getValue().equals("test"))
                    .map(Map.Entry::getKey)
                    .toList();
            assertEquals(testFiles.size(), labels.length);
            long boots = testFiles.stream().filter(p -> p.startsWith("boot/")).count();
            assertEquals(
                    boots, java.util.Arrays.stream(labels).filter(l -> l == 1).count(), "boot is class 1");
        }
    }

    @Test
    void aValidationCountOnAnUnsplitFolderAsksForAFraction() throws Exception {
        Path root = dir.resolve("count");
        for (int i = 0; i < 20; i++) {
            png(root.resolve(i + ".png"), i);
        }
        UserError e = assertThrows(UserError.class, () -> load(folder(root, 5000, 0.1, 0)));
        assertTrue(e.getMessage().contains("has no train/ and test/"), e.getMessage());
        assertTrue(e.getMessage().contains("set data.validation to e.g. 0.1"), e.getMessage());
    }
}
