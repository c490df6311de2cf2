package genmodels.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.config.OutputConfig;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.io.RunDirectory;
import genmodels.models.GenerativeModel;
import genmodels.models.Picture;
import genmodels.models.SamplingSettings;
import genmodels.models.TrainableModel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** The listeners that draw the pictures a model asks for ({@link TrainableModel#pictures}). */
public final class PictureListeners {

    private PictureListeners() {}

    /**
     * @param test the test split (reconstructions, the latent scatter)
     * @param output grid scale and how often
     * @param epochs the last epoch (always drawn)
     * @param seed the run's seed (the fixed draws of the sample grids)
     * @param manager long-lived manager on the model's device
     * @return one listener per picture, in {@link Picture}'s order
     */
    public static List<TrainingListener> of(
            TrainableModel model,
            ParameterStore store,
            RunDirectory run,
            ImageSplit test,
            ImageSpec image,
            OutputConfig output,
            int epochs,
            long seed,
            NDManager manager) {
        List<TrainingListener> listeners = new ArrayList<>();
        for (Picture picture :
                model.pictures().isEmpty() ? EnumSet.noneOf(Picture.class) : EnumSet.copyOf(model.pictures())) {
            listeners.add(
                    switch (picture) {
                        case PRIOR_SAMPLES ->
                            new SampleGridWriter(
                                    model.priorSampler(SamplingSettings.DEFAULTS)
                                            .orElseThrow(() -> new IllegalStateException(
                                                    model.getClass().getSimpleName() + " asks for prior samples but"
                                                            + " has no prior sampler")),
                                    store,
                                    run,
                                    output.sampleEvery(),
                                    epochs,
                                    seed,
                                    manager,
                                    output.gridScaleOrDefault(),
                                    image);
                        case RECONSTRUCTIONS ->
                            new ReconstructionGridWriter(
                                    latent(model, picture),
                                    store,
                                    run,
                                    test,
                                    output.sampleEvery(),
                                    epochs,
                                    manager,
                                    output.gridScaleOrDefault(),
                                    image);
                        case LATENT_SPACE ->
                            new LatentSpaceWriter(
                                    latent(model, picture),
                                    store,
                                    run,
                                    test,
                                    output.sampleEvery(),
                                    epochs,
                                    manager,
                                    image,
                                    output.interpolation());
                        case DENOISING ->
                            new DenoisingGridWriter(
                                    latent(model, picture),
                                    store,
                                    run,
                                    test,
                                    manager,
                                    output.gridScaleOrDefault(),
                                    image);
                    });
        }
        return listeners;
    }

    private static GenerativeModel latent(TrainableModel model, Picture picture) {
        if (model instanceof GenerativeModel g) {
            return g;
        }
        throw new IllegalStateException(model.getClass().getSimpleName() + " asks for " + picture
                + ", which needs an encoder and a decoder (GenerativeModel)");
    }
}
