package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.io.ImageGrid;
import genmodels.io.RunDirectory;
import genmodels.models.ClassLabels;
import genmodels.models.ClassSampler;
import genmodels.models.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Writes, every {@code sampleEvery} epochs and after the last, an 8x8 grid from the model's prior
 * sampler (decoded prior draws, a GAN's generator, a diffusion model's reverse process), with the
 * engine seeded the same way before every grid: the same noise every epoch, so that the grids show
 * the model's progress and not the noise's. A conditional model's grid has one row of 8 per class
 * (the first 10 classes), each labelled with the class's name.
 */
public final class SampleGridWriter implements TrainingListener {

    private static final int GRID = 8;

    /** The most classes a conditional model's grid shows, one row each. */
    private static final int MAX_ROWS = 10;

    private final Sampler sampler;
    private final ParameterStore store;
    private final RunDirectory run;
    private final int sampleEvery;
    private final int epochs;
    private final int seed;
    private final NDManager manager;
    private final int scale;
    private final ImageSpec image;

    /**
     * @param sampler the model's prior sampler
     * @param sampleEvery every N epochs, 0 for the last only
     * @param epochs the last epoch
     * @param seed the run's seed; the grids draw from the stream {@link Seeds#GRID} (the engine is
     *     reseeded before every training batch, so training is unaffected)
     * @param manager long-lived manager the per-grid managers hang from
     * @param scale screen pixels per image pixel
     * @param image the images' channels and sides
     */
    public SampleGridWriter(
            Sampler sampler,
            ParameterStore store,
            RunDirectory run,
            int sampleEvery,
            int epochs,
            long seed,
            NDManager manager,
            int scale,
            ImageSpec image) {
        this.sampler = sampler;
        this.store = store;
        this.run = run;
        this.sampleEvery = sampleEvery;
        this.epochs = epochs;
        this.seed = Seeds.engine(seed, Seeds.GRID);
        this.manager = manager;
        this.scale = scale;
        this.image = image;
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        int epoch = result.epoch();
        if (epoch == epochs || (sampleEvery > 0 && epoch % sampleEvery == 0)) {
            try (NDManager scratch = manager.newSubManager()) {
                Seeds.seedEngine(seed);
                if (sampler instanceof ClassSampler classes) {
                    writeClassRows(classes, scratch, run.samples(epoch));
                } else {
                    ImageGrid.write(
                            sampler.sample(store, scratch, GRID * GRID), image, GRID, scale, run.samples(epoch));
                }
            }
        }
    }

    /** A conditional model's grid: one row of {@value #GRID} images per class (the first {@value #MAX_ROWS}). */
    private void writeClassRows(ClassSampler sampler, NDManager scratch, Path file) throws IOException {
        int rows = Math.min(sampler.classes(), MAX_ROWS);
        int[] labels = ClassLabels.rows(IntStream.range(0, rows).toArray(), GRID);
        NDArray images = sampler.sample(store, scratch, scratch.create(labels));
        ImageGrid.writeRows(images, image, run.classNames(sampler.classes()).subList(0, rows), GRID, scale, file);
    }
}
