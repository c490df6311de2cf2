package genmodels.config;

/**
 * The {@code model} section of a run config. Each model defines its own record (in its folder
 * under {@code genmodels.models}); a command names the record it expects, so adding a model
 * never touches this package.
 */
public interface ModelConfig {

    /** @return the model type, e.g. {@code vae}; a command accepts exactly one */
    String type();
}
