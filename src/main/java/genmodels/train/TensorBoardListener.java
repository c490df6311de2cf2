package genmodels.train;

import genmodels.io.RunDirectory;
import genmodels.io.tensorboard.EventWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a run's TensorBoard events into {@code RUN/tensorboard/} ({@code output.tensorboard}, on
 * by default), for {@code tensorboard --logdir RUN} or, over a sweep, {@code --logdir SWEEP}:
 *
 * <ul>
 *   <li>{@code config}: the resolved config.yaml, as text, at the start;
 *   <li>{@code train_step/<term>}: the running mean per image of every loss term over the epoch so
 *       far, at most {@value #POINTS_PER_EPOCH} times an epoch (the step is the optimizer's);
 *   <li>{@code <split>/<term>}: each split's figures after each epoch (train, validation, test,
 *       and a sample watch's {@code samples}), at the epoch's last step;
 *   <li>{@code lr/lr} (or {@code lr/lr_<group>}): each optimizer's learning rate, at the logged steps;
 *   <li>{@code samples} and {@code reconstructions}: the epoch's grids, the PNGs the run writes,
 *       when it writes them ({@code output.sample_every}).
 * </ul>
 *
 * The values are those of metrics.csv and the pictures those of the run folder, byte for byte.
 */
public final class TensorBoardListener implements TrainingListener {

    /** Per-step points written per epoch, at most. */
    static final int POINTS_PER_EPOCH = 50;

    private final RunDirectory run;
    private final String configYaml;
    private EventWriter writer;
    private int every = 1;
    /** The optimizer's step count after the latest batch: where an epoch's figures are written. */
    private long step;

    /**
     * @param run the run directory; events go into its {@code tensorboard/} folder
     * @param configYaml the resolved config, written as text
     */
    public TensorBoardListener(RunDirectory run, String configYaml) {
        this.run = run;
        this.configYaml = configYaml;
    }

    /** @return the folder the events go into */
    public static Path folder(RunDirectory run) {
        return run.file("tensorboard");
    }

    @Override
    public void onTrainingStart(TrainingControl control) throws IOException {
        writer = new EventWriter(folder(run));
        every = Math.max(1, (control.batchesPerEpoch() + POINTS_PER_EPOCH - 1) / POINTS_PER_EPOCH);
        writer.text("config", 0, "```yaml\n" + configYaml + "```\n");
        writer.flush();
    }

    @Override
    public void onBatchEnd(BatchProgress p) throws IOException {
        step = p.step();
        if (p.batch() % every == 0 || p.batch() == p.batches()) {
            for (Map.Entry<String, Double> t : p.terms().entrySet()) {
                writer.scalar("train_step/" + t.getKey(), p.step(), t.getValue());
            }
            for (Map.Entry<String, Double> rate : p.learningRates().entrySet()) {
                writer.scalar("lr/" + rate.getKey(), p.step(), rate.getValue());
            }
            writer.flush();
        }
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        for (Map.Entry<String, Map<String, Double>> split : result.metrics().entrySet()) {
            for (Map.Entry<String, Double> term : split.getValue().entrySet()) {
                writer.scalar(split.getKey() + "/" + term.getKey(), step, term.getValue());
            }
        }
        image("samples", run.samples(result.epoch()), step);
        image("reconstructions", run.reconstructions(result.epoch()), step);
        writer.flush();
    }

    private void image(String tag, Path png, long step) throws IOException {
        if (!Files.isRegularFile(png)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(png);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        int channels = decoded.getColorModel().getNumComponents();
        writer.image(tag, step, bytes, decoded.getHeight(), decoded.getWidth(), channels);
    }

    @Override
    public void onTrainingEnd(List<EpochResult> history) throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
