package genmodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class TorchScriptTest {

    static final String METHODS = """
              def twice(self: __torch__.Twice, x: Tensor) -> Tensor:
                return torch.mul(x, 2)
              def add_(self: __torch__.Twice, x: Tensor, y: float) -> NoneType:
                _0 = torch.add_(x, y)
                return None
              def is_training(self: __torch__.Twice) -> bool:
                return self.training
            """;

    /**
     * What the archive's pickled module object means, read back through libtorch rather than from
     * its bytes: an instance of the class with {@code training = True}, and the source under code/.
     */
    @Test
    void libtorchReadsTheModuleObjectAndTheSourceBack() throws Exception {
        try (PtNDManager m = (PtNDManager) NDManager.newBaseManager()) {
            PtSymbolBlock module = TorchScript.load(m, "Twice", METHODS);
            try (IValue out = IValueUtils.runMethod(module, "is_training")) {
                assertTrue(out.toBoolean(), "data.pkl sets training = True");
            }
        }
        byte[] zip = TorchScript.archive("Twice", TorchScript.source("Twice", METHODS));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith("code/__torch__.py")) {
                    assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(METHODS));
                }
            }
        }
    }

    @Test
    void libtorchCompilesTheSourceAndRunsItsMethods() {
        try (PtNDManager m = (PtNDManager) NDManager.newBaseManager()) {
            PtSymbolBlock module = TorchScript.load(m, "Twice", METHODS);
            PtNDArray x = (PtNDArray) m.create(new float[] {1, 2, 3});
            try (IValue in = IValue.from(x);
                    IValue out = IValueUtils.runMethod(module, "twice", in)) {
                assertArrayEquals(new float[] {2, 4, 6}, out.toTensor(m).toFloatArray());
            }
            try (IValue in = IValue.from(x);
                    IValue y = IValue.from(0.5);
                    IValue out = IValueUtils.runMethod(module, "add_", in, y)) {
                assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, x.toFloatArray(), "in place, on the caller's array");
            }
        }
    }
}
