package genmodels.models.diffusion;

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
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import genmodels.engine.TorchScript;

/**
 * Group normalisation (Wu &amp; He, ECCV 2018), as the DDPM U-Net uses it: the channels of each
 * image split into groups, each group normalised to mean 0 and variance 1 over its channels and
 * pixels (eps 1e-5), then a per-channel scale (starting at 1) and shift (starting at 0). Input and
 * output [batch, channels, h, w]. DJL has no GroupNorm block; libtorch's {@code group_norm} runs
 * in a TorchScript module's forward, with autograd recording.
 */
public final class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int groups;
    private final Parameter gamma;
    private final Parameter beta;
    private PtSymbolBlock op;

    /**
     * @param groups number of groups (must divide the channels)
     * @param channels channels of the input
     */
    public GroupNorm(int groups, int channels) {
        super(VERSION);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(groups + " groups do not divide " + channels + " channels");
        }
        this.groups = groups;
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels))
                .optInitializer(new ConstantInitializer(1f))
                .build());
        beta = addParameter(Parameter.builder()
                .setName("beta")
                .setType(Parameter.Type.BETA)
                .optShape(new Shape(channels))
                .optInitializer(new ConstantInitializer(0f))
                .build());
    }

    /** @return groups for {@code channels}: 8 when they divide (32 in Ho et al., for wider layers), else 1 */
    public static int groupsFor(int channels) {
        return channels % 8 == 0 ? 8 : 1;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        var x = inputs.singletonOrThrow();
        return IValueUtils.forward(
                op,
                new NDList(
                        x,
                        store.getValue(gamma, x.getDevice(), training),
                        store.getValue(beta, x.getDevice(), training)),
                true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        op = TorchScript.loadWithForward(
                (PtNDManager) manager,
                "GroupNorm",
                "  def forward(self: __torch__.GroupNorm, x: Tensor, gamma: Tensor, beta: Tensor) -> Tensor:\n"
                        + "    return torch.group_norm(x, " + groups
                        + ", gamma, beta, 1.0000000000000001e-05, True)\n");
    }
}
