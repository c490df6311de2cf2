package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.io.ImageGrid;
import genmodels.io.RunDirectory;
import genmodels.models.GenerativeModel;
import java.io.IOException;
import java.util.List;

/**
 * Writes, every {@code sampleEvery} epochs and after the last, a grid of the first 32 test images
 * with their reconstructions (originals on odd rows, each above its reconstruction).
 */
public final class ReconstructionGridWriter implements TrainingListener {

    private static final int GRID = 8;

    private final GenerativeModel model;
    private final ParameterStore store;
    private final RunDirectory run;
    private final int sampleEvery;
    private final int epochs;
    private final NDArray originals;
    private final NDManager manager;
    private final int scale;
    private final ImageSpec image;

    /**
     * @param model the model being trained
     * @param store its parameter store
     * @param run where the grids go
     * @param test the test split (its first 32 images are reconstructed)
     * @param sampleEvery every N epochs, 0 for the last only
     * @param epochs the last epoch
     * @param manager long-lived manager (the originals)
     * @param scale screen pixels per image pixel in the grids
     * @param image the images' channels and sides
     */
    public ReconstructionGridWriter(
            GenerativeModel model,
            ParameterStore store,
            RunDirectory run,
            ImageSplit test,
            int sampleEvery,
            int epochs,
            NDManager manager,
            int scale,
            ImageSpec image) {
        this.scale = scale;
        this.image = image;
        this.model = model;
        this.store = store;
        this.run = run;
        this.sampleEvery = sampleEvery;
        this.epochs = epochs;
        this.manager = manager;
        int count = Math.min(test.size(), GRID * GRID / 2);
        if (count >= GRID) {
            count -= count % GRID; // whole rows, so each original sits above its reconstruction
        }
        this.originals = test.slice(manager, 0, count).images();
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        int epoch = result.epoch();
        boolean due = epoch == epochs || (sampleEvery > 0 && epoch % sampleEvery == 0);
        if (due) {
            write(epoch);
        }
    }

    /** Writes the grid for {@code epoch}. */
    public void write(int epoch) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray x = originals.duplicate();
            x.attach(scratch);
            NDArray recon = model.reconstruct(store, x);
            int columns = (int) Math.min(GRID, x.getShape().get(0));
            List<String> labels = new java.util.ArrayList<>();
            for (long start = 0; start < x.getShape().get(0); start += columns) {
                labels.add("original");
                labels.add("reconstruction");
            }
            ImageGrid.writeRows(interleaveRows(x, recon), image, labels, columns, scale, run.reconstructions(epoch));
        }
    }

    /** Rows of {@code GRID} originals alternate with rows of their reconstructions. */
    private static NDArray interleaveRows(NDArray originals, NDArray recon) {
        long n = originals.getShape().get(0);
        NDList rows = new NDList();
        for (long start = 0; start < n; start += GRID) {
            long end = Math.min(n, start + GRID);
            NDIndex index = new NDIndex().addSliceDim(start, end);
            rows.add(originals.get(index));
            rows.add(recon.get(index));
        }
        return NDArrays.concat(rows, 0);
    }
}
