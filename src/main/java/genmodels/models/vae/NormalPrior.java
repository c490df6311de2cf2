package genmodels.models.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.models.Prior;
import genmodels.models.Scalars;
import java.util.Optional;
import java.util.function.Supplier;

/** p(z) = N(0, I), with the closed-form KL of Kingma &amp; Welling (2014, appendix B). */
final class NormalPrior implements LatentPrior {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Supplier<Scalars> scalars;

    /** @param scalars the model's constants, once it is initialised */
    NormalPrior(Supplier<Scalars> scalars) {
        this.scalars = scalars;
    }

    /** @return {@code -1/2 sum(z^2 + log 2 pi)} */
    @Override
    public NDArray logDensity(ParameterStore store, NDArray z, boolean training) {
        Scalars s = scalars.get();
        return z.square().add(s.of(LOG_2PI)).sum(new int[] {1}).mul(s.of(-0.5));
    }

    @Override
    public NDArray kl(ParameterStore store, NDArray mu, NDArray logvar, NDArray eps, NDArray z, boolean training) {
        return VariationalAutoencoder.klToStandardNormal(mu, logvar, scalars.get());
    }

    @Override
    public NDArray klOfDraws(NDArray mu, NDArray logvar, NDArray logRatio, NDArray perDraw) {
        return VariationalAutoencoder.klToStandardNormal(mu, logvar, scalars.get())
                .sum();
    }

    @Override
    public Optional<Prior> fixed() {
        return Optional.of(Prior.NORMAL);
    }

    @Override
    public Optional<NDArray> sample(ParameterStore store, NDManager manager, int n) {
        return Optional.empty();
    }
}
