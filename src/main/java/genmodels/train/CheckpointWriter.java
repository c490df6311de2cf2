package genmodels.train;

import genmodels.io.Checkpoints;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.io.Versions;
import genmodels.models.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After every epoch, writes the weights ({@code model.params}) and then {@code checkpoint.json},
 * which records how they were made: model type, config, epoch, optimizer steps, seed, metrics so
 * far, data identity, versions, and the weights' sha256. Both are written atomically, the JSON
 * last, so a {@code checkpoint.json} always describes a complete weights file.
 */
public final class CheckpointWriter implements TrainingListener {

    private final TrainableModel model;
    private final RunDirectory run;
    private final Map<String, Object> provenance;
    private final int batchesPerEpoch;

    /**
     * @param model the model being trained
     * @param run where files go
     * @param provenance fixed entries: command, model type, config, seed, data identity, device
     * @param batchesPerEpoch optimizer steps per epoch
     */
    public CheckpointWriter(TrainableModel model, RunDirectory run, Map<String, Object> provenance, int batchesPerEpoch) {
        this.model = model;
        this.run = run;
        this.provenance = provenance;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        Checkpoints.saveWeights(model.block(), run.weights());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.putAll(provenance);
        json.put("epoch", result.epoch());
        json.put("step", (long) result.epoch() * batchesPerEpoch);
        json.put("weights", run.weights().getFileName().toString());
        json.put("weights_sha256", sha256(run));
        json.put("metrics", history);
        json.put("versions", Versions.all());
        Json.write(run.checkpoint(), json);
    }

    private static String sha256(RunDirectory run) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(run.weights())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
