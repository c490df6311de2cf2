package genmodels.density.gaussian;

import genmodels.config.Checks;
import genmodels.config.ModelConfig;

/**
 * The {@code model} section of {@code fit gaussian}: nothing to choose.
 *
 * @param type always {@code gaussian}
 */
public record GaussianConfig(String type) implements ModelConfig {

    public GaussianConfig {
        Checks.oneOf("type", type, "gaussian");
    }
}
