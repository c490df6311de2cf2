package genmodels.config;

import java.util.List;

/**
 * The {@code train.optimizer} section: Adam (Kingma &amp; Ba, ICLR 2015) or AdamW (Loshchilov &amp;
 * Hutter, ICLR 2019).
 *
 * @param name {@code adam} (weight decay as an L2 penalty added to the gradient, so Adam's scaling
 *     divides it too, as {@code torch.optim.Adam}) or {@code adamw} (decoupled: the weights shrink by
 *     {@code lr x weight_decay} each update, apart from the gradient step, as {@code torch.optim.AdamW})
 * @param lr learning rate, in (0, 10]
 * @param betas the two exponential decay rates of the moment estimates, each in [0, 1)
 * @param eps the term added to the denominator, in (0, 1]
 * @param weightDecay adam: L2 penalty added to the gradient; adamw: decoupled decay rate (0 for none)
 */
public record OptimizerConfig(String name, double lr, List<Double> betas, double eps, double weightDecay) {

    public OptimizerConfig {
        Checks.oneOf("name", name, "adam", "adamw");
        Checks.aboveAtMost("lr", lr, 0, 10);
        Checks.present("betas", betas);
        if (betas.size() != 2 || betas.get(0) == null || betas.get(1) == null) {
            throw new ConfigException("betas", "must be a list of two numbers such as [0.9, 0.999], found " + betas);
        }
        for (double b : betas) {
            if (!Double.isFinite(b) || b < 0 || b >= 1) {
                throw new ConfigException("betas", "must be two numbers in [0, 1), found " + betas);
            }
        }
        betas = List.copyOf(betas);
        Checks.aboveAtMost("eps", eps, 0, 1);
        Checks.inRange("weight_decay", weightDecay, 0, 1);
    }

    /** @return whether the weight decay is decoupled from the gradient (AdamW) */
    public boolean decoupled() {
        return name.equals("adamw");
    }

    /** @return beta1, the decay rate of the first-moment estimate */
    public double beta1() {
        return betas.get(0);
    }

    /** @return beta2, the decay rate of the second-moment estimate */
    public double beta2() {
        return betas.get(1);
    }
}
