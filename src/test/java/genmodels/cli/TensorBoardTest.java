package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.io.Json;
import genmodels.io.tensorboard.Event;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run's TensorBoard events, read back by the real TensorBoard (its EventAccumulator, in
 * Python) and checked against metrics.csv and the run's PNGs. Skipped, saying why, where no Python
 * with the tensorboard package is found ({@code GENMODELS_TENSORBOARD_PYTHON}, else python3; .ci/run
 * installs one).
 */
class TensorBoardTest {

    @TempDir
    Path tmp;

    private Path train(String... extra) {
        Path out = tmp.resolve("vae" + extra.length);
        List<String> args = new ArrayList<>(List.of(
                "train-vae",
                "--quiet",
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "model.hidden=[32]",
                "--set",
                "model.latent_dim=2",
                "--set",
                "train.epochs=2",
                "--set",
                "train.batch_size=50",
                "--out",
                out.toString()));
        for (String s : extra) {
            args.add("--set");
            args.add(s);
        }
        MainTest.Result r = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void theRealTensorBoardReadsEveryScalarOfMetricsCsvAndEveryGridOfTheRun() throws Exception {
        String python = python();
        assumeTrue(
                python != null,
                "no Python with the tensorboard package here (set GENMODELS_TENSORBOARD_PYTHON"
                        + " or pip install tensorboard)");
        Path run = train();
        JsonNode read = Json.mapper().readTree(readEvents(python, run.resolve("tensorboard")));

        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        String[] header = csv.get(0).split(",");
        int checked = 0;
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",", -1);
            int epoch = Integer.parseInt(cells[0]);
            for (int c = 2;
                    c < header.length
                            && !List.of("seconds", "images_per_second", "resident_mb")
                                    .contains(header[c]);
                    c++) {
                if (cells[c].isEmpty()) { // a column another split reports (lr: the schedule's)
                    continue;
                }
                JsonNode points = read.path("scalars").path(cells[1] + "/" + header[c]);
                assertEquals(2, points.size(), cells[1] + "/" + header[c]);
                double value = points.get(epoch - 1).get(1).asDouble();
                assertEquals(Double.parseDouble(cells[c]), value, 1e-4 * Math.max(1, Math.abs(value)), line);
                assertEquals(epoch * 18, points.get(epoch - 1).get(0).asLong(), "at the epoch's last step (900 / 50)");
                checked++;
            }
        }
        assertEquals(
                2 * 3 * 3 + 2,
                checked,
                "2 epochs x (train, validation, test) x (neg_elbo, reconstruction, kl), schedule lr");
        assertEquals(36, read.path("scalars").path("train_step/neg_elbo").size(), "every one of the 36 steps");
        assertEquals(36, read.path("scalars").path("lr/lr").size(), "the rate at every one of the 36 steps");
        assertEquals(1e-3, read.path("scalars").path("lr/lr").get(0).get(1).asDouble(), 1e-9);

        for (String tag : List.of("samples", "reconstructions")) {
            JsonNode images = read.path("images").path(tag);
            assertEquals(2, images.size(), tag);
            for (int epoch = 1; epoch <= 2; epoch++) {
                Path png = run.resolve(tag).resolve(String.format("epoch-%04d.png", epoch));
                assertEquals(
                        sha256(Files.readAllBytes(png)),
                        images.get(epoch - 1).get(3).asText(),
                        png.toString());
            }
        }
        String config = read.path("text").path("config").get(0).get(1).asText();
        assertEquals("```yaml\n" + Files.readString(run.resolve("config.yaml")) + "```\n", config);
    }

    @Test
    void everyRecordIsFramedWithMaskedCrc32cAndOutputTensorboardFalseWritesNone() throws Exception {
        Path run = train();
        Path events;
        try (Stream<Path> files = Files.list(run.resolve("tensorboard"))) {
            events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
                    .findFirst()
                    .orElseThrow();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(events)).order(ByteOrder.LITTLE_ENDIAN);
        int records = 0;
        while (b.hasRemaining()) {
            long length = b.getLong();
            int lengthCrc = b.getInt();
            byte[] data = new byte[(int) length];
            b.get(data);
            int dataCrc = b.getInt();
            byte[] lengthBytes = ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(length)
                    .array();
            assertEquals(masked(lengthBytes), lengthCrc);
            assertEquals(masked(data), dataCrc);
            Event e = Event.parseFrom(data);
            if (records == 0) {
                assertEquals("brain.Event:2", e.getFileVersion());
            }
            records++;
        }
        assertTrue(records > 36, "the version, the config, 36 steps and the epochs: " + records);
        // CRC-32C's check value (RFC 3720 B.4): the JDK's is the Castagnoli polynomial TensorFlow uses
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue());

        Path off = train("output.tensorboard=false");
        assertFalse(Files.exists(off.resolve("tensorboard")));
    }

    /** TensorFlow's mask: rotate right by 15 bits, add 0xa282ead8. */
    private static int masked(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        return Integer.rotateRight((int) crc.getValue(), 15) + 0xa282ead8;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** @return a Python that imports tensorboard, or null */
    static String python() {
        String configured = System.getenv("GENMODELS_TENSORBOARD_PYTHON");
        for (String candidate : configured != null ? List.of(configured) : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import tensorboard")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (Exception e) {
                // not this one
            }
        }
        return null;
    }

    private String readEvents(String python, Path folder) throws Exception {
        Path script = tmp.resolve("read_events.py");
        try (InputStream in = TensorBoardTest.class.getResourceAsStream("/tensorboard/read_events.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(python, script.toString(), folder.toString()).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // the exit code says enough
            }
        });
        drain.start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the reader finished");
        drain.join();
        assertEquals(0, p.exitValue(), err.toString(StandardCharsets.UTF_8));
        return json;
    }
}
