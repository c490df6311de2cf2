package genmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.DecimalFormat;
import org.junit.jupiter.api.Test;

/** Tick labels: three significant digits of the axis range, so labels stay short (bandwidths.png). */
class ChartsTest {

    @Test
    void theDecimalsFollowTheRange() {
        assertEquals("0.#", Charts.decimalPattern(new double[] {-8.31, 7.77}));
        assertEquals("0.###", Charts.decimalPattern(new double[] {0, 0.28}));
        assertEquals("0", Charts.decimalPattern(new double[] {1, 500}));
        // a grid of 400 values from -8.314 to 7.771: labels like -8.3, not -8.31415926...
        assertEquals("-8.3", new DecimalFormat(Charts.decimalPattern(new double[] {-8.314, 7.771})).format(-8.314159));
        assertEquals("0.08", new DecimalFormat(Charts.decimalPattern(new double[] {0, 0.28})).format(0.08));
    }
}
