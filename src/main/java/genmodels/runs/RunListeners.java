package genmodels.runs;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.data.Datasets;
import genmodels.io.Headline;
import genmodels.io.Provenance;
import genmodels.io.RunDirectory;
import genmodels.models.Term;
import genmodels.models.TrainableModel;
import genmodels.train.CheckpointListener;
import genmodels.train.ConsoleReporter;
import genmodels.train.CurvesWriter;
import genmodels.train.EarlyStopping;
import genmodels.train.EpochMeasure;
import genmodels.train.MetricsCsvWriter;
import genmodels.train.PictureListeners;
import genmodels.train.ProgressBar;
import genmodels.train.RunSettings;
import genmodels.train.SummaryWriter;
import genmodels.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training run's listeners, in order: the loop's own (the stop request, checkpoints, early
 * stopping, the sample watch), the progress bar, the console, metrics.csv, the curves, the model's
 * pictures, TensorBoard, and the summary with its headline entry.
 */
final class RunListeners {

    private final RunConfig<?> config;
    private final RunSettings settings;

    RunListeners(RunConfig<?> config, RunSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    /** The loop's own listeners, the standard outputs, the model's pictures, then the summary. */
    List<TrainingListener> of(
            TrainableModel model,
            ParameterStore store,
            RunDirectory run,
            Datasets.Splits data,
            NDManager manager,
            SampleWatch watch,
            Provenance provenance,
            RunCheckpoints checkpoints) {
        List<TrainingListener> listeners = loopListeners(model, data, watch, checkpoints);
        if (!settings.quiet() && settings.terminal()) {
            listeners.add(new ProgressBar(settings.err()));
        }
        List<Term> terms = new ArrayList<>(model.terms());
        if (watch != null) {
            terms.addAll(watch.terms());
        }
        listeners.add(new ConsoleReporter(settings.out()));
        listeners.add(new MetricsCsvWriter(run.metrics()));
        listeners.add(new CurvesWriter(
                run.file("curves.png"), run.root().getFileName().toString(), terms));
        listeners.addAll(PictureListeners.of(
                model,
                store,
                run,
                data.test(),
                data.image(),
                config.output(),
                config.train().epochs(),
                config.train().seed(),
                manager));
        if (config.output().writesTensorBoard()) {
            listeners.add(new genmodels.train.TensorBoardListener(run, ConfigLoader.toYaml(config)));
        }
        listeners.add(
                new SummaryWriter(run.summary(), SummaryWriter.entries(headline(model, watch), terms, provenance)));
        return listeners;
    }

    /** The loop's own concerns: the stop request, checkpoints, early stopping, the sample watch. */
    private List<TrainingListener> loopListeners(
            TrainableModel model, Datasets.Splits data, SampleWatch watch, RunCheckpoints checkpoints) {
        List<TrainingListener> listeners =
                new ArrayList<>(List.of(settings.stop(), new CheckpointListener(checkpoints)));
        if (config.train().earlyStopping() != null && data.validation() != null) {
            listeners.add(new EarlyStopping(
                    config.train().earlyStopping(), model.headline().orElseThrow()));
        }
        if (watch != null) {
            listeners.add(new EpochMeasure("samples", watch));
        }
        return listeners;
    }

    /**
     * The run's headline entry: the model's headline on the validation split (on the test split,
     * reported but not ranked, when the run holds no validation split); for a model without one,
     * the samples' Fréchet distance to the validation images when the sample watch measures it.
     */
    Map<String, Object> headline(TrainableModel model, SampleWatch watch) {
        boolean validation = config.data().holdsOutValidation();
        Optional<Term> declared = model.headline();
        if (declared.isPresent()) {
            Term t = declared.get();
            return Headline.entry((validation ? "validation." : "test.") + t.name(), t.higherIsBetter());
        }
        if (watch != null && validation) {
            return Headline.entry("samples." + SampleWatch.FD_VALIDATION.name(), false);
        }
        return Headline.none("the " + config.model().type() + " model's loss terms do not measure sample quality;"
                + " to rank it by the Fréchet distance of its samples to the validation images, set"
                + " output.classifier to a train-classifier run and hold out data.validation images");
    }
}
