package genmodels.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * JSON files of the run directory ({@code summary.json}, {@code checkpoint.json}, {@code eval.json}),
 * pretty-printed, keys in snake_case.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** Writes any Jackson-serialisable value (maps, lists, records) atomically. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, MAPPER.writeValueAsString(value) + "\n");
    }

    /** @return the shared mapper, for reading run-directory JSON back */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
