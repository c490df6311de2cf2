package genmodels.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** history.png's y axis keeps a fit's climb visible when its first value is millions of nats down. */
class HistoryAxisTest {

    @Test
    void anOrdinaryEmHistoryKeepsEveryValueOnTheAxis() {
        double[] em = {-31.5, -30.8, -30.5, -30.4, -30.38, -30.375, -30.3736};
        assertEquals(-31.5, MixtureOutputs.axisFloor(em), 0.0);
    }

    @Test
    void aStartMillionsOfNatsDownIsLeftBelowTheAxis() {
        // the first iteration of a random_from_data start, then an ordinary climb
        double[] h = {-2.25e6, -48.0, -12.0, -5.0, -4.2, -4.0, -3.99};
        double floor = MixtureOutputs.axisFloor(h);
        // -2.25e6 is 2.25e6 from the best, -48 is 44 from it: more than 100 times, so it goes below;
        // -48 is under 100 times -12's distance, so the axis starts just under -48
        assertEquals(-48.0 - 0.05 * (48.0 - 3.99), floor, 1e-12);
    }

    @Test
    void aConstantHistoryIsNotClipped() {
        assertEquals(-2.0, MixtureOutputs.axisFloor(new double[] {-2.0, -2.0, -2.0}), 0.0);
    }
}
