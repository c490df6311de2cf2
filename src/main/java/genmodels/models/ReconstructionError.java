package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reconstruction error of an encoder-decoder model on the test images: decode(encode(x))
 * against x, as the binary cross-entropy per image from the decoder's logits (nats, summed over
 * pixels; for a linear output, of its means clipped to [1e-6, 1 - 1e-6]) and the mean squared error
 * per pixel. Every autoencoder declares it, so their figures
 * compare on the same footing whatever loss each was trained with.
 */
public final class ReconstructionError implements ModelEvaluation {

    /** Images per forward pass. */
    static final int BATCH = 1000;

    private final GenerativeModel model;

    /** @param model the encoder-decoder model */
    public ReconstructionError(GenerativeModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "reconstruction";
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("recon BCE (nats)", "bce_per_image"), new Column("MSE/pixel", "mse_per_pixel"));
    }

    /** @return {@code bce_per_image} (nats) and {@code mse_per_pixel}, means over the test images */
    @Override
    public Object evaluate(Input input) {
        double bce = 0;
        double squared = 0;
        int n = input.test().size();
        for (int from = 0; from < n; from += BATCH) {
            try (NDManager batch = input.manager().newSubManager()) {
                NDArray x = input.test().slice(batch, from, Math.min(n, from + BATCH));
                NDArray logits = model.decodeLogits(input.store(), model.encode(input.store(), x));
                bce += (model.outputsLogits()
                                ? Likelihoods.bernoulliFromLogits(logits, x)
                                : Likelihoods.bernoulliOfMeans(model.pixelMeans(logits), x))
                        .sum()
                        .getFloat();
                squared += model.outputsLogits()
                        ? Likelihoods.squaredError(logits, x).sum().getFloat()
                        : Likelihoods.squaredErrorOfMeans(logits, x).sum().getFloat();
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("bce_per_image", bce / n);
        out.put("mse_per_pixel", squared / n / input.test().dimensions());
        return out;
    }
}
