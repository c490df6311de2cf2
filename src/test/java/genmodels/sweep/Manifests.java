package genmodels.sweep;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a sweep's runs.csv back, for the tests. */
public final class Manifests {

    private Manifests() {}

    /** @return runs.csv's rows, as {@link SweepDirectory#writeManifest} wrote them */
    public static List<Map<String, String>> read(SweepDirectory sweep) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Map<String, String>> rows = new ArrayList<>();
        try (var it = new CsvMapper()
                .readerForMapOf(String.class)
                .with(schema)
                .<Map<String, String>>readValues(
                        sweep.root().resolve("runs.csv").toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }
}
