package genmodels.models.vae;

import genmodels.config.DataConfig;
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

    /** @param conditional whether the model's bounds are on log p(x | y) */
    NegativeElbo(boolean conditional) {
        this.conditional = conditional;
    }

    @Override
    public String name() {
        return "neg_elbo";
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("test -ELBO (nats)", "nats"));
    }

    /** @return nats, reconstruction and kl (means per test image, from the test loss terms), and pixels (a sentence) */
    @Override
    public Object evaluate(Input input) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nats", input.testTerms().get("neg_elbo"));
        out.put("reconstruction", input.testTerms().get("reconstruction"));
        out.put("kl", input.testTerms().get("kl"));
        out.put("pixels", pixels(input.data()));
        if (conditional) {
            out.put("conditional", CONDITIONAL);
        }
        return out;
    }

    private static String pixels(DataConfig data) {
        return data.binarized()
                ? "binarized (" + data.binarize() + ", seed " + data.binarizeSeed() + "): -ELBO and IW NLL are"
                        + " negative log-likelihoods of binary images, comparable with binarized-MNIST results"
                : "grey levels: -ELBO and IW NLL are Bernoulli cross-entropies, not likelihoods; compare them only"
                        + " with runs on grey levels (data.binarize: dynamic gives literature-comparable NLLs)";
    }
}
