package genmodels.train;

/**
 * Where an epoch stands after a batch.
 *
 * @param epoch 1-based
 * @param epochs total epochs
 * @param batch batches done in this epoch
 * @param batches batches per epoch
 * @param seconds seconds since the epoch started
 * @param images images done in this epoch
 * @param headline running mean per image of the first reported term (e.g. negative ELBO)
 * @param step the optimizer's step count after this batch (over the whole run)
 * @param terms running mean per image of every reported term over this epoch's batches so far
 * @param learningRates each optimizer's learning rate at the update just applied ({@code lr}, or
 *     {@code lr_<group>} for several)
 */
public record BatchProgress(
        int epoch,
        int epochs,
        int batch,
        int batches,
        double seconds,
        long images,
        double headline,
        long step,
        java.util.Map<String, Double> terms,
        java.util.Map<String, Double> learningRates) {}
