package genmodels.cli;

import genmodels.runs.TrainedModel;
import picocli.CommandLine.Option;

/** {@code --weights} of the commands that load a trained model: its average or its trained weights. */
final class WeightsOption {

    @Option(
            names = "--weights",
            paramLabel = "WHICH",
            description = "averaged (default: the run's moving average of the weights, model-ema.params, when it"
                    + " kept one with train.ema) or raw (the trained weights, model.params).")
    TrainedModel.Weights choice = TrainedModel.Weights.averaged;
}
