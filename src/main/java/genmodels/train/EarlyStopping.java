package genmodels.train;

import genmodels.config.TrainConfig;
import genmodels.models.Term;
import java.util.List;

/**
 * {@code train.early_stopping}: watches the validation split's headline figure in its direction;
 * an epoch that improves on the best by more than {@code min_delta} becomes the best (the
 * checkpoint listener keeps its model in {@code best/}); after {@code patience} epochs without one
 * the run stops. The watch is restored from, and recorded into, every checkpoint.
 */
public final class EarlyStopping implements TrainingListener {

    private final TrainConfig.EarlyStopping settings;
    private final Term headline;
    private TrainingControl control;
    private Double best;
    private int bestEpoch;
    private int withoutImprovement;

    /**
     * @param settings patience and minimum improvement
     * @param headline the figure watched on the validation split
     */
    public EarlyStopping(TrainConfig.EarlyStopping settings, Term headline) {
        this.settings = settings;
        this.headline = headline;
    }

    @Override
    public void onTrainingStart(TrainingControl control) {
        this.control = control;
        this.best = control.start().bestValidation();
        this.bestEpoch = control.start().bestEpoch();
        this.withoutImprovement = control.start().epochsWithoutImprovement();
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) {
        double watched = result.metrics().get("validation").get(headline.name());
        if (best == null || headline.improves(watched, best, settings.minDelta())) {
            best = watched;
            bestEpoch = result.epoch();
            withoutImprovement = 0;
        } else {
            withoutImprovement++;
            if (withoutImprovement >= settings.patience()) {
                control.stopAfterEpoch();
            }
        }
        control.recordBest(best, bestEpoch, withoutImprovement);
    }
}
