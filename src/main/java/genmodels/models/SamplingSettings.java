package genmodels.models;

import genmodels.errors.UserError;

/**
 * How a model's own sampler runs when the user says so ({@code sample --steps --eta --guidance},
 * {@code evaluate --steps --eta --guidance}): a diffusion model's number of reverse steps, DDIM's
 * eta and the classifier-free guidance weight of a conditional one. Models whose samplers take no
 * such settings refuse them ({@link #requireNone}).
 *
 * @param steps sampling steps, 0 for the model's default
 * @param eta DDIM's noise level in [0, 1], or null for the model's default
 * @param guidance the guidance weight w of classifier-free guidance (Ho &amp; Salimans 2022), or
 *     null for the model's default
 */
public record SamplingSettings(int steps, Double eta, Double guidance) {

    /** Nothing asked for: every model's defaults. */
    public static final SamplingSettings DEFAULTS = new SamplingSettings(0, null, null);

    /** Steps and eta, the model's guidance. */
    public SamplingSettings(int steps, Double eta) {
        this(steps, eta, null);
    }

    /** @return these settings with another guidance weight */
    public SamplingSettings withGuidance(Double w) {
        return new SamplingSettings(steps, eta, w);
    }

    /** @return whether the user asked for steps, eta or guidance */
    public boolean given() {
        return steps != 0 || eta != null || guidance != null;
    }

    /**
     * @param what the sampler, as the message names it, e.g. {@code "a vae's prior sampler"}
     * @throws UserError when steps or eta were given
     */
    public void requireNone(String what) {
        if (given()) {
            throw new UserError("--steps, --eta and --guidance set a diffusion model's sampler; " + what
                    + " takes none of" + " them, drop them");
        }
    }
}
