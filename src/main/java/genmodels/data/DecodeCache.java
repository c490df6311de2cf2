package genmodels.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genmodels.engine.ImageSpec;
import genmodels.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decoded images kept between runs: one folder per key ({@link FolderReader}'s listing and
 * conversion), holding each split's grey levels ({@code train.u8}, {@code test.u8}), labels as
 * little-endian int32 ({@code train.labels}, {@code test.labels}; absent for unlabelled images) and
 * {@code meta.json} (shape and count of each split). The folder is written under a temporary name
 * and renamed when complete, so a run stopped while writing leaves no half cache, and two runs
 * writing the same key at once both end with a whole one.
 */
final class DecodeCache {

    /** Bumped when the layout or the decoding changes, so older caches are not read. */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SPLITS = {"train", "test"};

    private final Path folder;

    DecodeCache(Path folder) {
        this.folder = folder;
    }

    /** @return both splits from the cache, or empty when it holds none for this key */
    Optional<DecodedImages[]> load() {
        Path meta = folder.resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(meta.toFile());
            DecodedImages[] out = new DecodedImages[2];
            for (int i = 0; i < 2; i++) {
                JsonNode split = json.path(SPLITS[i]);
                ImageSpec shape = ImageSpec.parse(split.path("shape").asText(), 0);
                int count = split.path("count").asInt();
                byte[] bytes = Files.readAllBytes(folder.resolve(SPLITS[i] + ".u8"));
                Path labelFile = folder.resolve(SPLITS[i] + ".labels");
                int[] labels = Files.isRegularFile(labelFile) ? ints(Files.readAllBytes(labelFile)) : null;
                out[i] = new DecodedImages(shape, count, bytes, null, labels);
            }
            return Optional.of(out);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or damaged: decode again and replace it
        }
    }

    /**
     * Writes both splits (a failure to write is not an error: the run goes on without a cache).
     *
     * @return the splits
     */
    DecodedImages[] store(DecodedImages train, DecodedImages test) {
        DecodedImages[] splits = {train, test};
        try {
            AtomicFiles.writeFolder(folder, "meta.json", tmp -> {
                Map<String, Object> meta = new LinkedHashMap<>();
                for (int i = 0; i < 2; i++) {
                    Files.write(tmp.resolve(SPLITS[i] + ".u8"), splits[i].bytes());
                    if (splits[i].labels() != null) {
                        Files.write(tmp.resolve(SPLITS[i] + ".labels"), bytes(splits[i].labels()));
                    }
                    meta.put(SPLITS[i], Map.of("shape", splits[i].shape().describe(), "count", splits[i].count()));
                }
                JSON.writeValue(tmp.resolve("meta.json").toFile(), meta);
            });
        } catch (IOException e) {
            System.err.println("note: cannot cache the decoded images in " + folder + " (" + e.getMessage()
                    + "); the next run decodes them again");
        }
        return splits;
    }

    private static int[] ints(byte[] bytes) {
        int[] out = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    private static byte[] bytes(int[] ints) {
        ByteBuffer buffer = ByteBuffer.allocate(ints.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(ints);
        return buffer.array();
    }
}
