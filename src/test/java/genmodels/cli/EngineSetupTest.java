package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPU count when DJL's libcudart count and libtorch disagree (DJL issue #1977). */
class EngineSetupTest {

    @Test
    void libcudartsCountIsTakenWhenItFindsGpus() {
        List<Integer> probed = new ArrayList<>();
        assertEquals(2, EngineSetup.gpuCount(2, true, i -> probed.add(i)));
        assertEquals(List.of(), probed, "no probe when libcudart counted");
    }

    @Test
    void libtorchIsProbedWhenLibcudartFindsNone() {
        // libtorch sees CUDA (so GPU 0) and can make arrays on GPUs 1 and 2, not 3: three GPUs
        List<Integer> probed = new ArrayList<>();
        assertEquals(3, EngineSetup.gpuCount(0, true, i -> probed.add(i) && i < 3));
        assertEquals(List.of(1, 2, 3), probed);
        assertEquals(1, EngineSetup.gpuCount(0, true, i -> false));
    }

    @Test
    void noCudaCapabilityMeansNoGpuWhateverLibcudartSays() {
        assertEquals(0, EngineSetup.gpuCount(0, false, i -> true));
        assertEquals(0, EngineSetup.gpuCount(4, false, i -> true), "a CPU libtorch runs nothing on a GPU");
    }

    @Test
    void theProbeStopsAtItsBound() {
        assertEquals(EngineSetup.MAX_PROBED_GPUS, EngineSetup.gpuCount(0, true, i -> true));
    }

    @Test
    void onTheCpuBuildGpuIsRefusedInOneLine() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.djl.engine.Engine.getInstance().hasCapability(ai.djl.engine.StandardCapabilities.CUDA),
                "libtorch sees a GPU here");
        MainTest.Result r =
                MainTest.run("pca", "--device", "gpu", "--set", "data.dir=" + genmodels.TestData.mnistSlice());
        assertEquals(2, r.code(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains("--device gpu: PyTorch sees 0 GPU(s)"), r.err());
    }
}
