package genmodels.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An evaluation is stale exactly when the weights it recorded are not the run's current ones. */
class CheckpointStampTest {

    @TempDir
    Path run;

    private JsonNode evaluation(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    @Test
    void anEvaluationOfOtherWeightsIsStaleAndSaysWhichEpochsTheyAre() throws Exception {
        Files.writeString(
                run.resolve("checkpoint.json"), "{\"epoch\": 20, \"step\": 9380, \"weights_sha256\": \"bb\"}");
        JsonNode old =
                evaluation("{\"checkpoint_state\": {\"epoch\": 10, \"step\": 4690, \"weights_sha256\": \"aa\"}}");
        assertEquals(
                Optional.of("eval.json was computed from epoch 10 (step 4690); the run's weights are now from epoch 20"
                        + " (step 9380)"),
                CheckpointStamp.staleness(old, run));
        JsonNode current =
                evaluation("{\"checkpoint_state\": {\"epoch\": 20, \"step\": 9380, \"weights_sha256\": \"bb\"}}");
        assertEquals(Optional.empty(), CheckpointStamp.staleness(current, run));
        Optional<String> unknown = CheckpointStamp.staleness(evaluation("{\"model\": \"vae\"}"), run);
        assertTrue(unknown.orElseThrow().contains("does not record which weights"), unknown.toString());
    }

    @Test
    void aFitWithoutCheckpointJsonIsNeverMarked() throws Exception {
        assertEquals(
                Optional.empty(),
                CheckpointStamp.staleness(evaluation("{\"checkpoint_state\": {\"weights_sha256\": \"aa\"}}"), run));
    }
}
