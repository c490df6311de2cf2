package genmodels.config;

/**
 * A whole run config: one record per section. Immutable; what a run used is written into its run
 * directory as {@code config.yaml}.
 *
 * @param model the model section, a record defined by the model's own folder
 * @param data where the images come from
 * @param train the optimisation settings
 * @param output where results go
 * @param <M> the model section's record type
 */
public record RunConfig<M extends ModelConfig>(M model, DataConfig data, TrainConfig train, OutputConfig output) {

    public RunConfig {
        Checks.present("model", model);
        Checks.present("data", data);
        Checks.present("train", train);
        Checks.present("output", output);
    }
}
