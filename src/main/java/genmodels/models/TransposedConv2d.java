package genmodels.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import genmodels.engine.TorchScript;

/**
 * A 2-D transposed convolution (PyTorch's {@code nn.ConvTranspose2d}): input [batch, in, h, w],
 * output [batch, out, (h - 1) stride - 2 padding + kernel + output_padding, likewise for w]. DJL's PyTorch engine
 * does not implement its {@code Conv2dTranspose} ("Not implemented"), so the operation runs as
 * {@code torch.conv_transpose2d} in a TorchScript module whose forward takes the input, the weight
 * [in, out, kernel, kernel] and the bias [out]; autograd records through it, so the weight and the
 * bias get gradients as for any DJL block.
 */
public final class TransposedConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPaddingRows;
    private final int outputPaddingColumns;
    private final Parameter weight;
    private final Parameter bias;
    private PtSymbolBlock op;

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel side of the square kernel
     * @param stride the stride (the upsampling factor)
     * @param padding the implicit zero padding removed from each side of the output
     */
    public TransposedConv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 0);
    }

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel side of the square kernel
     * @param stride the stride (the upsampling factor)
     * @param padding the implicit zero padding removed from each side of the output
     * @param outputPadding rows and columns added at the bottom and right of the output (below the
     *     stride), to invert a strided convolution that rounded an odd side down
     */
    public TransposedConv2d(int in, int out, int kernel, int stride, int padding, int outputPadding) {
        this(in, out, kernel, stride, padding, outputPadding, outputPadding);
    }

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel side of the square kernel
     * @param stride the stride (the upsampling factor)
     * @param padding the implicit zero padding removed from each side of the output
     * @param outputPaddingRows rows added at the bottom of the output (below the stride)
     * @param outputPaddingColumns columns added at the right of the output (below the stride)
     */
    public TransposedConv2d(
            int in, int out, int kernel, int stride, int padding, int outputPaddingRows, int outputPaddingColumns) {
        super(VERSION);
        for (int extra : new int[] {outputPaddingRows, outputPaddingColumns}) {
            if (extra < 0 || extra >= stride) {
                throw new IllegalArgumentException("output padding must be in [0, stride), got " + extra);
            }
        }
        this.outputPaddingRows = outputPaddingRows;
        this.outputPaddingColumns = outputPaddingColumns;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, kernel, kernel))
                .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        var x = inputs.singletonOrThrow();
        var w = store.getValue(weight, x.getDevice(), training);
        var b = store.getValue(bias, x.getDevice(), training);
        return IValueUtils.forward(op, new NDList(x, w, b), true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {
            new Shape(s.get(0), out, side(s.get(2), outputPaddingRows), side(s.get(3), outputPaddingColumns))
        };
    }

    private long side(long input, int extra) {
        return (input - 1) * stride - 2L * padding + kernel + extra;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].get(1) != in) {
            throw new IllegalArgumentException("expected " + in + " input channels, got shape " + inputShapes[0]);
        }
        op = TorchScript.loadWithForward(
                (PtNDManager) manager,
                "TransposedConv",
                "  def forward(self: __torch__.TransposedConv, x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:\n"
                        + "    return torch.conv_transpose2d(x, weight, bias, [" + stride + ", " + stride + "], ["
                        + padding
                        + ", " + padding + "], [" + outputPaddingRows + ", " + outputPaddingColumns + "])\n");
    }
}
