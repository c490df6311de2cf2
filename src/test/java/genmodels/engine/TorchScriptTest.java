package genmodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
            """;

    @Test
    void theArchiveHoldsTheFourEntriesTorchJitSaveWrites() throws Exception {
        byte[] zip = TorchScript.archive("Twice", TorchScript.source("Twice", METHODS));
        List<String> names = new ArrayList<>();
        String version = null;
        byte[] data = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith("/version")) {
                    version = new String(bytes, StandardCharsets.US_ASCII);
                } else if (e.getName().endsWith("/data.pkl")) {
                    data = bytes;
                }
                assertEquals(ZipEntry.STORED, e.getMethod());
            }
        }
        assertEquals(List.of("twice/version", "twice/data.pkl", "twice/constants.pkl", "twice/code/__torch__.py"), names);
        assertEquals("3\n", version);
        // PROTO 2, GLOBAL '__torch__\nTwice\n', EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, 'training': True, SETITEMS, BUILD, STOP
        String text = new String(data, StandardCharsets.ISO_8859_1);
        assertEquals("\u0080\u0002c__torch__\nTwice\n)\u0081}(X\u0008\u0000\u0000\u0000training\u0088ub.", text);
    }

    @Test
    void libtorchCompilesTheSourceAndRunsItsMethods() {
        try (PtNDManager m = (PtNDManager) NDManager.newBaseManager()) {
            PtSymbolBlock module = TorchScript.load(m, "Twice", METHODS);
            PtNDArray x = (PtNDArray) m.create(new float[] {1, 2, 3});
            try (IValue in = IValue.from(x); IValue out = IValueUtils.runMethod(module, "twice", in)) {
                assertArrayEquals(new float[] {2, 4, 6}, out.toTensor(m).toFloatArray());
            }
            try (IValue in = IValue.from(x); IValue y = IValue.from(0.5);
                    IValue out = IValueUtils.runMethod(module, "add_", in, y)) {
                assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, x.toFloatArray(), "in place, on the caller's array");
            }
        }
    }
}
