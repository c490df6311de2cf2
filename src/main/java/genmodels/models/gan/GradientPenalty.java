package genmodels.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import genmodels.engine.TorchScript;
import java.util.function.UnaryOperator;

/**
 * The WGAN-GP penalty (Gulrajani et al. 2017, Algorithm 1): per image, (||grad_x D(x)|| - 1)^2 at
 * the given inputs, with the graph of the gradient kept (create_graph) so that the penalty's own
 * gradient reaches the critic's weights (a double backward).
 *
 * <p>DJL has no {@code torch.autograd.grad}; backward on the critic's score would also add the
 * first-order gradient to every weight's {@code .grad}. The gradient with respect to the inputs
 * alone comes from a TorchScript module whose forward calls {@code torch.autograd.grad}; the
 * module runs with autograd recording (see {@link TorchScript#loadWithForward}).
 */
public final class GradientPenalty {

    /** The forward: inputs' gradient of sum(scores), its L2 norm per image (with 1e-12 inside the root, so its
     *  own gradient stays finite at 0), the squared distance from 1. */
    static final String FORWARD = """
              def forward(self: __torch__.GradientPenalty, scores: Tensor, inputs: Tensor) -> Tensor:
                grads = torch.autograd.grad([torch.sum(scores)], [inputs], None, True, True)
                g = torch.reshape(torch._unwrap_optional(grads[0]), [torch.size(inputs, 0), -1])
                norms = torch.sqrt(torch.add(torch.sum(torch.mul(g, g), [1]), 1e-12))
                return torch.pow(torch.sub(norms, 1.), 2)
            """;

    private final PtSymbolBlock module;

    /** @param manager a long-lived manager on the model's device */
    public GradientPenalty(PtNDManager manager) {
        this.module = TorchScript.loadWithForward(manager, "GradientPenalty", FORWARD);
    }

    /**
     * @param critic the critic, points [batch, ...] to scores [batch]
     * @param points where the penalty is taken, [batch, ...], not requiring gradients (they are
     *     marked here)
     * @return (||grad_x D(x)||_2 - 1)^2 at each point, [batch], differentiable with respect to the
     *     critic's weights; computed with autograd recording even outside a gradient collector
     *     (evaluation)
     */
    public NDArray perImage(UnaryOperator<NDArray> critic, NDArray points) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            points.setRequiresGradient(true);
            NDArray scores = critic.apply(points);
            return IValueUtils.forward(module, new NDList(scores, points), true).singletonOrThrow();
        } finally {
            JniUtils.setGradMode(recording);
        }
    }
}
