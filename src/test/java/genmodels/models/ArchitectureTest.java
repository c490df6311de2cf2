package genmodels.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import genmodels.config.ConfigException;
import genmodels.engine.ImageSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final Architecture CONV = new Architecture("conv", List.of(8, 16), "pytorch");

    /** Runs a block on zeros and returns the output shape. */
    private static Shape outputShape(NDManager m, Block block, Shape input) {
        block.initialize(m, DataType.FLOAT32, input);
        return block.forward(new ParameterStore(m, false), new NDList(m.zeros(input)), false)
                .singletonOrThrow()
                .getShape();
    }

    /** Output shapes of every layer of a sequential block on zeros of the given input shape. */
    private static List<Shape> layerShapes(NDManager m, SequentialBlock block, Shape input) {
        block.initialize(m, DataType.FLOAT32, input);
        ParameterStore store = new ParameterStore(m, false);
        List<Shape> shapes = new ArrayList<>();
        NDList x = new NDList(m.zeros(input));
        for (Pair<String, Block> child : block.getChildren()) {
            x = child.getValue().forward(store, x, false);
            if (!(child.getValue() instanceof ComputeType)) { // the casts at the edges keep the shape
                shapes.add(x.singletonOrThrow().getShape());
            }
        }
        return shapes;
    }

    @Test
    void convStacksHalveTheSideAndTheDecoderRestoresIt28() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock encoder = CONV.encoder(ImageSpec.MNIST, List.of(), 10, Activation::relu);
            List<Shape> shapes = layerShapes(m, encoder, new Shape(3, 784));
            // reshape, conv, relu, conv, relu, flatten, linear
            assertEquals(new Shape(3, 1, 28, 28), shapes.get(0));
            assertEquals(new Shape(3, 8, 14, 14), shapes.get(1));
            assertEquals(new Shape(3, 16, 7, 7), shapes.get(3));
            assertEquals(new Shape(3, 16 * 7 * 7), shapes.get(5));
            assertEquals(new Shape(3, 10), shapes.get(6));
            SequentialBlock decoder = CONV.decoder(10, List.of(), ImageSpec.MNIST, Activation::relu);
            List<Shape> back = layerShapes(m, decoder, new Shape(3, 10));
            // linear, relu, reshape, convT, relu, convT, flatten
            assertEquals(new Shape(3, 16 * 7 * 7), back.get(0));
            assertEquals(new Shape(3, 16, 7, 7), back.get(2));
            assertEquals(new Shape(3, 8, 14, 14), back.get(3));
            assertEquals(new Shape(3, 1, 28, 28), back.get(5));
            assertEquals(new Shape(3, 784), back.get(6));
        }
    }

    @Test
    void oddSidesAreRestoredWithOutputPadding() {
        // 30 -> 15 -> 7 -> 3 and back 3 -> 7 -> 15 -> 30 (output padding 1, 1, 0)
        Architecture three = new Architecture("conv", List.of(4, 4, 4), "pytorch");
        assertArrayEquals(new int[] {30, 15, 7, 3}, three.sides(new ImageSpec(1, 30, 30, 0))[0]);
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(
                    new Shape(2, 5),
                    outputShape(
                            m,
                            three.encoder(new ImageSpec(1, 30, 30, 0), List.of(12), 5, Activation::relu),
                            new Shape(2, 900)));
            assertEquals(
                    new Shape(2, 900),
                    outputShape(
                            m,
                            three.decoder(5, List.of(12), new ImageSpec(1, 30, 30, 0), Activation::relu),
                            new Shape(2, 5)));
        }
    }

    @Test
    void colourImagesWithUnequalSidesKeepTheirChannelsHeightAndWidth() {
        // 3 x 20 x 30: rows 20 -> 10 -> 5, columns 30 -> 15 -> 7 (rounded down), and back with an
        // output padding of 1 on the columns only at the deepest stage
        ImageSpec photo = new ImageSpec(3, 20, 30, 0);
        assertArrayEquals(new int[] {20, 10, 5}, CONV.sides(photo)[0]);
        assertArrayEquals(new int[] {30, 15, 7}, CONV.sides(photo)[1]);
        try (NDManager m = NDManager.newBaseManager()) {
            List<Shape> shapes =
                    layerShapes(m, CONV.encoder(photo, List.of(), 6, Activation::relu), new Shape(2, 1800));
            assertEquals(new Shape(2, 3, 20, 30), shapes.get(0));
            assertEquals(new Shape(2, 16, 5, 7), shapes.get(3));
            List<Shape> back = layerShapes(m, CONV.decoder(6, List.of(), photo, Activation::relu), new Shape(2, 6));
            assertEquals(new Shape(2, 8, 10, 15), back.get(3));
            assertEquals(new Shape(2, 3, 20, 30), back.get(5));
            assertEquals(new Shape(2, 1800), back.get(6));
        }
    }

    @Test
    void mlpIsTheClassicStack() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock encoder = Architecture.MLP.encoder(ImageSpec.MNIST, List.of(400), 40, Activation::relu);
            assertEquals(new Shape(4, 40), outputShape(m, encoder, new Shape(4, 784)));
            SequentialBlock decoder = Architecture.MLP.decoder(20, List.of(400), ImageSpec.MNIST, Activation::relu);
            assertEquals(new Shape(4, 784), outputShape(m, decoder, new Shape(4, 20)));
        }
    }

    @Test
    void pytorchInitialisationBoundsAreOneOverRootFanIn() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock decoder = CONV.decoder(10, List.of(), ImageSpec.MNIST, Activation::relu);
            decoder.initialize(m, DataType.FLOAT32, new Shape(1, 10));
            double bound = Double.NaN;
            int checked = 0;
            for (Pair<String, Parameter> p : decoder.getParameters()) {
                NDArray w = p.getValue().getArray();
                Shape s = w.getShape();
                float max = w.abs().max().getFloat();
                if (s.dimension() == 1) {
                    // a bias shares its layer's bound (the weight before it); PyTorch does not zero it
                    assertTrue(max <= bound && max > 0, p.getKey() + ": max |b| " + max + " bound " + bound);
                } else {
                    // linear [out, in]: fan_in = in; transposed conv [in, out, 4, 4]: fan_in = out * 16 (as PyTorch)
                    double fanIn = s.dimension() == 4 ? s.get(1) * 16.0 : s.get(1);
                    bound = 1 / Math.sqrt(fanIn);
                    assertTrue(max <= bound && max > 0.9 * bound, p.getKey() + ": max |w| " + max + " bound " + bound);
                }
                checked++;
            }
            assertEquals(6, checked, "linear, two transposed convolutions, each a weight and a bias");
        }
    }

    @Test
    void tooManyConvolutionsForTheImageAreAConfigError() {
        Architecture deep = new Architecture("conv", List.of(4, 4, 4, 4, 4, 4), "pytorch");
        ConfigException e = assertThrows(ConfigException.class, () -> deep.sides(ImageSpec.MNIST));
        assertEquals("model.channels", e.key());
        assertTrue(e.problem().contains("at most 4"), e.problem());
    }
}
