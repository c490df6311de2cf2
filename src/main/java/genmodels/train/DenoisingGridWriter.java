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
import genmodels.models.Denoising;
import genmodels.models.GenerativeModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code denoising.png} after training: for the first 16 test images, in rows of 8, the clean
 * image, the same corrupted as in training, and the model's restoration of the corrupted one.
 */
public final class DenoisingGridWriter implements TrainingListener {

    private static final int COLUMNS = 8;
    private static final int IMAGES = 16;

    private final GenerativeModel model;
    private final ParameterStore store;
    private final RunDirectory run;
    private final ImageSplit test;
    private final NDManager manager;
    private final int scale;
    private final ImageSpec image;

    /**
     * @param model the model being trained, a {@link Denoising} one
     * @param store its parameter store
     * @param run where the picture goes
     * @param test the test split (its first 16 images are shown)
     * @param manager long-lived manager
     * @param scale screen pixels per image pixel
     * @param image the images' channels and sides
     */
    public DenoisingGridWriter(
            GenerativeModel model,
            ParameterStore store,
            RunDirectory run,
            ImageSplit test,
            NDManager manager,
            int scale,
            ImageSpec image) {
        if (!(model instanceof Denoising)) {
            throw new IllegalStateException(model.getClass().getSimpleName() + " asks for DENOISING, which"
                    + " needs its corruption (Denoising)");
        }
        this.model = model;
        this.store = store;
        this.run = run;
        this.test = test;
        this.manager = manager;
        this.scale = scale;
        this.image = image;
    }

    @Override
    public void onTrainingEnd(List<EpochResult> history) throws IOException {
        int n = (int) Math.min(IMAGES, test.size());
        if (n == 0) {
            return;
        }
        int columns = Math.min(COLUMNS, n);
        n -= n % columns; // whole rows
        try (NDManager scratch = manager.newSubManager()) {
            NDArray clean = test.slice(scratch, 0, n).images();
            NDArray corrupted = ((Denoising) model).corrupt(clean);
            NDArray restored = model.reconstruct(store, corrupted);
            NDList rows = new NDList();
            List<String> labels = new ArrayList<>();
            for (int start = 0; start < n; start += columns) {
                NDIndex row = new NDIndex().addSliceDim(start, start + columns);
                rows.addAll(new NDList(clean.get(row), corrupted.get(row).clip(0, 1), restored.get(row)));
                labels.addAll(List.of("clean", "corrupted", "restored"));
            }
            ImageGrid.writeRows(NDArrays.concat(rows, 0), image, labels, columns, scale, run.file("denoising.png"));
        }
    }
}
