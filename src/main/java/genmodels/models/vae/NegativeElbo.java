package genmodels.models.vae;

import genmodels.config.DataConfig;
import genmodels.models.Likelihoods;
import genmodels.models.ModelEvaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test negative ELBO of a VAE in nats per image, with its two terms, and how to read it: on
 * grey-level pixels the Bernoulli "likelihood" is a cross-entropy, comparable only with other
 * grey-level runs; on binarized images it is a negative log-likelihood bound comparable with the
 * binarized-MNIST literature. A conditional VAE's is a bound on -log p(x | y), and says so.
 */
final class NegativeElbo implements ModelEvaluation {

    /** Said beside a conditional VAE's figures. */
    static final String CONDITIONAL = "conditional: -ELBO and IW NLL bound -log p(x | y), the class y given"
            + " (the test image's label); they are not comparable with an unconditional model's -log p(x)";

    private final boolean conditional;
    private final String likelihood;

    /**
     * @param conditional whether the model's bounds are on log p(x | y)
     * @param likelihood the decoder's {@code model.likelihood}: bernoulli or gaussian
     */
    NegativeElbo(boolean conditional, String likelihood) {
        this.conditional = conditional;
        this.likelihood = likelihood;
    }

    @Override
    public String name() {
        return "neg_elbo";
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("test -ELBO (nats)", "nats"), new Column("-ELBO bits/dim", "bits_per_dim"));
    }

    /**
     * @return nats, bits_per_dim (nats / (D ln 2)) and what that bits/dim is a figure of,
     *     reconstruction and kl (means per test image, from the test loss terms), and pixels (a sentence)
     */
    @Override
    public Object evaluate(Input input) {
        Map<String, Object> out = new LinkedHashMap<>();
        double nats = input.testTerms().get("neg_elbo");
        out.put("nats", nats);
        out.put("bits_per_dim", Likelihoods.bitsPerDim(nats, input.test().dimensions()));
        out.put("bits_per_dim_basis", bitsBasis(input.data(), likelihood));
        out.put("reconstruction", input.testTerms().get("reconstruction"));
        out.put("kl", input.testTerms().get("kl"));
        out.put("pixels", pixels(input.data()));
        if (conditional) {
            out.put("conditional", CONDITIONAL);
        }
        return out;
    }

    /**
     * @return what the bits per dimension of this model's -ELBO and IW NLL measure: a discrete
     *     likelihood only on binarized images (2 levels, not the 0-255 discretisation); otherwise
     *     a cross-entropy or a density, said so
     */
    static String bitsBasis(DataConfig data, String likelihood) {
        if (likelihood.equals("gaussian")) {
            return "a density of continuous values in [0, 1], not a probability of the 256 grey levels: not comparable"
                    + " with discrete bits/dim (on the 0-255 scale it would be 8 more, and a bound on the discrete"
                    + " likelihood only for uniformly dequantized training data, which this is not)";
        }
        return data.binarized()
                ? "a discrete likelihood of binarized pixels (2 levels), comparable with binarized-MNIST bits/dim but"
                        + " not with figures on the 0-255 discretisation (256 levels)"
                : "not a likelihood: the Bernoulli cross-entropy of grey levels in [0, 1], in bits per pixel; not on"
                        + " the 0-255 discretisation and comparable only with other grey-level Bernoulli runs";
    }

    private static String pixels(DataConfig data) {
        return data.binarized()
                ? "binarized (" + data.binarize() + ", seed " + data.binarizeSeed() + "): -ELBO and IW NLL are"
                        + " negative log-likelihoods of binary images, comparable with binarized-MNIST results"
                : "grey levels: -ELBO and IW NLL are Bernoulli cross-entropies, not likelihoods; compare them only"
                        + " with runs on grey levels (data.binarize: dynamic gives literature-comparable NLLs)";
    }
}
