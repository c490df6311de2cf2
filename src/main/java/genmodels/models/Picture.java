package genmodels.models;

/**
 * The pictures training draws for a model, each by a listener of the training package; a model
 * names those that apply to it ({@link TrainableModel#pictures}) and the training run adds exactly
 * those. What each needs from the model is said below.
 */
public enum Picture {
    /**
     * {@code samples/epoch-NNNN.png}: an 8x8 grid from the model's prior sampler ({@link
     * TrainableModel#priorSampler}), the same draw every epoch.
     */
    PRIOR_SAMPLES,
    /**
     * {@code reconstructions/epoch-NNNN.png}: test images above their reconstructions; the model is a
     * {@link GenerativeModel}.
     */
    RECONSTRUCTIONS,
    /**
     * {@code latent/epoch-NNNN.png} (the test codes by class), and after training {@code
     * interpolation.png} and, for a 2-D code, {@code manifold.png}; the model is a {@link
     * GenerativeModel}.
     */
    LATENT_SPACE,
    /**
     * {@code denoising.png} after training: test images, the same corrupted as in training, and
     * their restorations; the model is a {@link GenerativeModel} and {@link Denoising}. Drawn after
     * the other pictures, since the corruption draws from the engine's random stream.
     */
    DENOISING
}
