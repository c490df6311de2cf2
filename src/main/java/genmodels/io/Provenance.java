package genmodels.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a result was made, in one shape for every file that records it: a training run's {@code
 * summary.json} and {@code checkpoint.json}, a fit's {@code summary.json} and {@code evaluate}'s
 * {@code eval.json} each hold one under the key {@code provenance}, so the same facts have the
 * same names everywhere.
 *
 * @param command the genmodels command, e.g. {@code train-vae}, {@code fit-gmm}, {@code evaluate}
 * @param modelType the {@code model.type} it trained, fitted or evaluated
 * @param seed the seed of its random draws ({@code train.seed}, or evaluate's {@code --seed})
 * @param data where the data came from: dataset, folder, the md5 of each file (or the points' description)
 * @param device {@code cpu} or {@code gpu:N}
 * @param threads the engine's intra-op thread count
 * @param threadChoice how the thread count was chosen (measured times with {@code --threads auto})
 * @param versions genmodels, DJL, the engine and Java
 * @param written when the record was made, UTC, ISO 8601 to the second
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        String command,
        String modelType,
        Long seed,
        Map<String, Object> data,
        String device,
        Integer threads,
        Map<String, Object> threadChoice,
        Map<String, String> versions,
        String written) {

    /** @return a record made now, with the versions of this process */
    public static Provenance of(
            String command,
            String modelType,
            Long seed,
            Map<String, ?> data,
            String device,
            Integer threads,
            Map<String, Object> threadChoice) {
        return new Provenance(
                command,
                modelType,
                seed,
                data == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(data)),
                device,
                threads,
                threadChoice,
                Versions.all(),
                OffsetDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
}
