package genmodels.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EigenImageContrastTest {

    @Test
    void aComponentConcentratedOnOnePixelStillShowsTheRestOfItsPattern() {
        double[] v = new double[784];
        v[0] = 0.999; // the one pixel that carries almost all of it
        for (int i = 1; i < 784; i++) {
            v[i] = 1e-3 * Math.sin(i); // the faint pattern a max-scaled picture shows as flat mid-grey
        }
        float[] shown = PcaRun.contrast(v);
        assertEquals(1f, shown[0], 0f, "the dominant pixel saturates");
        int visible = 0;
        for (int i = 1; i < 784; i++) {
            visible += Math.abs(shown[i] - 0.5f) > 0.1f ? 1 : 0;
        }
        assertTrue(visible > 400, visible + " of 783 faint pixels differ visibly from mid-grey");
        // max scaling would have left them all within 0.0005 of 0.5
        assertEquals(0.5f, PcaRun.contrast(new double[784])[0], 0f, "a zero vector stays mid-grey");
    }

    @Test
    void zeroIsMidGreyAndSignsKeepTheirSide() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = (i - 50) / 50.0;
        }
        float[] shown = PcaRun.contrast(v);
        assertEquals(0.5f, shown[50], 1e-6f);
        assertTrue(shown[10] < 0.5f && shown[90] > 0.5f);
    }
}
