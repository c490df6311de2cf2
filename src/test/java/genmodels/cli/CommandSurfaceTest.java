package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.TestData;
import genmodels.engine.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: suggestions, early refusals, help that reads once. */
class CommandSurfaceTest {

    @TempDir
    Path tmp;

    @Test
    void aMistypedCommandGetsDidYouMean() {
        MainTest.Result r = MainTest.run("trian-vae");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean ") && r.err().contains(" train "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void sampleIntoAnUnwritablePlaceIsRefusedBeforeAnyWork() throws Exception {
        Path run = tmp.resolve("ae");
        MainTest.Result trained = MainTest.run(
                "train-ae",
                "--quiet",
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "train.epochs=1",
                "--set",
                "model.layers=[784, 32, 2]",
                "--out",
                run.toString());
        assertEquals(0, trained.code(), trained.err());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        MainTest.Result r = MainTest.run(
                "sample",
                "--checkpoint",
                run.toString(),
                "--sampler",
                "normal",
                "--threads",
                "1",
                "--out",
                file.resolve("samples.png").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: cannot write into " + file), r.err());
        assertTrue(r.err().contains("is a file, not a folder); choose a writable --out"), r.err());
        assertFalse(r.out().contains("wrote"), "nothing was sampled: " + r.out());
    }

    /** Every flat name of earlier versions still runs its command, and the help lists only the groups. */
    @Test
    void everyOldCommandNameStillWorksBesideItsGroupedName() {
        Map<String, String> oldToNew = new LinkedHashMap<>();
        for (genmodels.models.ModelDefinition<?> model : genmodels.models.Models.ALL) {
            oldToNew.put(model.command(), "train " + model.type());
        }
        for (genmodels.fit.FitDefinition<?> fit : genmodels.fit.Fits.ALL) {
            oldToNew.put(fit.alias(), "fit " + fit.name());
        }
        assertEquals("fit pca", oldToNew.get("pca"));
        assertEquals("fit gmm", oldToNew.get("fit-gmm"));
        oldToNew.put("kl", "explain kl");
        oldToNew.put("dimensions", "explain dimensions");
        oldToNew.put("sliced", "explain sliced");
        oldToNew.put("sweep-task", "sweep task");
        oldToNew.put("sweep", "sweep run");
        MainTest.Result top = MainTest.run("--help");
        for (Map.Entry<String, String> e : oldToNew.entrySet()) {
            MainTest.Result old = MainTest.run(e.getKey(), "--help");
            MainTest.Result grouped = MainTest.run((e.getValue() + " --help").split(" "));
            assertEquals(0, old.code(), e.getKey() + ": " + old.err());
            assertEquals(0, grouped.code(), e.getValue() + ": " + grouped.err());
            assertEquals(options(old.out()), options(grouped.out()), e.getKey() + " and " + e.getValue());
            boolean listed = top.out().lines().anyMatch(l -> l.startsWith("  " + e.getKey() + " "));
            assertEquals(e.getKey().equals("sweep"), listed, e.getKey() + " in the top-level help:\n" + top.out());
        }
        MainTest.Result kl = MainTest.run(
                "kl",
                "--p",
                "0.5,0.5",
                "--q",
                "0.9,0.1",
                "--out",
                tmp.resolve("kl").toString());
        MainTest.Result grouped = MainTest.run(
                "explain",
                "kl",
                "--p",
                "0.5,0.5",
                "--q",
                "0.9,0.1",
                "--out",
                tmp.resolve("kl2").toString());
        assertEquals(0, kl.code(), kl.err());
        assertEquals(
                kl.out().replace("kl", ""), grouped.out().replace("kl2", "").replace("kl", ""));
    }

    /** @return the option lines of a help text (its usage line names the command, which differs) */
    private static java.util.List<String> options(String help) {
        return help.lines().filter(l -> l.matches(" {2,6}-.*")).toList();
    }

    @Test
    void anOptionIsFoundOnAGroupedCommandAsOnItsFlatName() {
        assertTrue(Main.takes("train vae", "--set"));
        assertTrue(Main.takes("train-vae", "--set"));
        assertTrue(Main.takes("fit tmm", "--threads"));
        assertFalse(Main.takes("train", "--set"), "a group takes no --set");
        assertFalse(Main.takes("sample", "--set"));
        assertTrue(Main.takes("sweep train-vae", "--executor"), "sweep's COMMAND is its argument");
    }

    @Test
    void aGroupAloneNamesItsCommands() {
        MainTest.Result r = MainTest.run("fit");
        assertEquals(2, r.code());
        String names = String.join(
                ", ",
                genmodels.fit.Fits.ALL.stream()
                        .map(genmodels.fit.FitDefinition::name)
                        .toList());
        assertTrue(names.startsWith("gmm, kde, pca, "), names);
        assertEquals(
                "error: choose one of " + names + " after 'genmodels fit'; see 'genmodels fit --help'",
                r.err().strip());
    }

    @Test
    void sweepHelpNamesEachDefaultOnceAndItsSubcommandsByName() {
        MainTest.Result r = MainTest.run("sweep", "--help");
        assertEquals(0, r.code());
        assertFalse(r.out().contains("Default: 120. Default: 120") || r.out().contains("Default: 120.\n"), r.out());
        assertFalse(r.out().contains("[COMMAND] [COMMAND]"), r.out());
        assertTrue(r.out().contains("[COMMAND] [run |"), r.out());
    }

    @Test
    void theThreadChoiceSaysWhenItKeptTheSmallerCountWithinTheMargin() {
        Map<Integer, Double> ms = new LinkedHashMap<>();
        ms.put(1, 10.0);
        ms.put(2, 9.7);
        String line =
                new Threads.Choice(1, "auto: the fastest by measurement", "training step", ms, 3, 5, 1.0).describe();
        assertTrue(line.endsWith("; kept 1: 2 was only 3.1% faster, within the 5% margin)"), line);
        ms.put(2, 12.0);
        String slower = new Threads.Choice(1, "auto", "training step", ms, 3, 5, 1.0).describe();
        assertFalse(slower.contains("kept"), slower);
    }
}
