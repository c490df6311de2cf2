package genmodels.models;

import genmodels.errors.UserError;

/**
 * How a model's own sampler runs when the user says so ({@code sample --steps --eta}, {@code
 * evaluate --steps --eta}): a diffusion model's number of reverse steps and DDIM's eta. Models
 * whose samplers take no such settings refuse them ({@link #requireNone}).
 *
 * @param steps sampling steps, 0 for the model's default
 * @param eta DDIM's noise level in [0, 1], or null for the model's default
 */
public record SamplingSettings(int steps, Double eta) {

    /** Nothing asked for: every model's defaults. */
    public static final SamplingSettings DEFAULTS = new SamplingSettings(0, null);

    /** @return whether the user asked for steps or eta */
    public boolean given() {
        return steps != 0 || eta != null;
    }

    /**
     * @param what the sampler, as the message names it, e.g. {@code "a vae's prior sampler"}
     * @throws UserError when steps or eta were given
     */
    public void requireNone(String what) {
        if (given()) {
            throw new UserError(
                    "--steps and --eta set a diffusion model's sampler; " + what + " takes neither," + " drop them");
        }
    }
}
