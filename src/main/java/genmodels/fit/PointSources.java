package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.config.DataConfig;
import genmodels.data.Datasets;
import genmodels.density.pca.Pca;
import genmodels.errors.UserError;
import genmodels.runs.TrainedModel;
import genmodels.train.LatentSpaceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Builds the {@link Points} of {@code data.source}: pixels of an image dataset, codes of a trained
 * encoder, CSV files, or draws from a synthetic mixture; then, with {@code data.pca: k}, their
 * projection on the first k principal components of the training points (kept, so that points can
 * be mapped back to images).
 */
public final class PointSources {

    private PointSources() {}

    /**
     * @param data the data section
     * @param seed seeds synthetic draws
     * @param manager where the arrays live
     * @return the points, float64
     * @throws UserError for missing or malformed inputs
     */
    public static Points load(DataConfig data, long seed, NDManager manager) {
        Points raw = switch (data.source()) {
            case "latent" -> latent(data, manager);
            case "csv" -> csv(data.csv(), manager);
            case "synthetic" -> synthetic(data.synthetic(), seed, manager);
            default -> images(data, manager);
        };
        if (data.pca() == null) {
            return raw;
        }
        int k = data.pca();
        if (k > raw.dimension()) {
            throw new UserError(
                    "data.pca (" + k + ") must not exceed the dimension of the points (" + raw.dimension() + ")");
        }
        Pca pca = Pca.fit(raw.train());
        NDArray train = pca.transform(raw.train(), k);
        NDArray test = raw.test() == null ? null : pca.transform(raw.test(), k);
        Points.ImageDecoder inner = raw.decoder();
        Points.ImageDecoder decoder = inner == null
                ? null
                : new Points.ImageDecoder(inner.image(), z -> inner.toImages(pca.inverseTransform(z, false)));
        double kept = 0;
        double[] ratio = pca.explainedVarianceRatio();
        for (int j = 0; j < k; j++) {
            kept += ratio[j];
        }
        Map<String, String> identity = new LinkedHashMap<>(raw.identity());
        identity.put("pca_components", Integer.toString(k));
        return new Points(
                train,
                test,
                raw.trainLabels(),
                raw.testLabels(),
                decoder,
                String.format(
                        Locale.ROOT,
                        "%s, projected on %d principal components (%.4f of the variance)",
                        raw.description(),
                        k,
                        kept),
                identity);
    }

    private static Points images(DataConfig data, NDManager manager) {
        Datasets.Splits s = Datasets.load(data, manager);
        return new Points(
                s.train().images(manager).toType(DataType.FLOAT64, false),
                s.test().images(manager).toType(DataType.FLOAT64, false),
                s.image().labelled() ? s.train().labels().toIntArray() : null,
                s.image().labelled() ? s.test().labels().toIntArray() : null,
                new Points.ImageDecoder(
                        s.image(), x -> x.toType(DataType.FLOAT32, false).clip(0f, 1f)),
                data.dataset() + " pixels (" + s.train().size() + " train, "
                        + s.test().size() + " test, " + s.image().describe() + " = "
                        + s.image().dimensions() + "-D)",
                s.identity());
    }

    private static Points latent(DataConfig data, NDManager manager) {
        Path run = Path.of(data.checkpoint());
        if (!Files.exists(run)) {
            throw new UserError(
                    "data.checkpoint " + run + " does not exist; give the run directory of a trained model");
        }
        TrainedModel trained = TrainedModel.load(run, manager);
        DataConfig images = trained.config().data();
        if (data.dir() != null) {
            images = images.withImages(data.dir(), data.trainLimit(), data.testLimit());
        } else {
            images = images.withImages(images.dir(), data.trainLimit(), data.testLimit());
        }
        Datasets.Splits s = Datasets.load(images, manager);
        trained.requireImages(s.image(), images);
        var model = trained.generative();
        NDArray train = LatentSpaceWriter.encodeAll(model, trained.store(), s.train(), manager);
        NDArray test = LatentSpaceWriter.encodeAll(model, trained.store(), s.test(), manager);
        Map<String, String> identity = new LinkedHashMap<>(s.identity());
        identity.put("checkpoint", run.toString());
        return new Points(
                train.toType(DataType.FLOAT64, false),
                test.toType(DataType.FLOAT64, false),
                s.train().labels().toIntArray(),
                s.test().labels().toIntArray(),
                new Points.ImageDecoder(
                        trained.image(), z -> model.decode(trained.store(), z.toType(DataType.FLOAT32, false))),
                trained.config().model().type() + " codes of " + images.dataset() + " (" + model.latentDim()
                        + "-D, from " + run + ")",
                identity);
    }

    private static Points csv(DataConfig.CsvSource csv, NDManager manager) {
        Table train = readCsv(Path.of(csv.train()), csv.label());
        Table test = csv.test() == null ? null : readCsv(Path.of(csv.test()), csv.label());
        if (test != null && test.dimension != train.dimension) {
            throw new UserError(csv.test() + " has " + test.dimension + " columns of points but " + csv.train()
                    + " has " + train.dimension);
        }
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("train_file", csv.train());
        if (csv.test() != null) {
            identity.put("test_file", csv.test());
        }
        return new Points(
                train.array(manager),
                test == null ? null : test.array(manager),
                train.labels,
                test == null ? null : test.labels,
                null,
                "points from " + csv.train() + " (" + train.rows.size() + " train"
                        + (test == null ? "" : ", " + test.rows.size() + " test") + ", " + train.dimension + "-D)",
                identity);
    }

    /** Rows of numbers read from a CSV file, with an optional label column. */
    record Table(List<double[]> rows, int[] labels, int dimension) {
        NDArray array(NDManager m) {
            double[] flat = new double[rows.size() * dimension];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, flat, i * dimension, dimension);
            }
            return m.create(flat, new Shape(rows.size(), dimension));
        }
    }

    /**
     * Reads points, one per row, comma-separated; a first row that is not all numbers is a header.
     *
     * @param label the header name of a label column, or null
     */
    static Table readCsv(Path file, String label) {
        List<String> lines = lines(file);
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int labelColumn = -1;
        int columns = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split("\\s*,\\s*", -1);
            if (columns < 0 && rows.isEmpty() && !isNumeric(cells[0])) {
                columns = cells.length;
                if (label != null) {
                    labelColumn = java.util.Arrays.asList(cells).indexOf(label);
                    if (labelColumn < 0) {
                        throw new UserError(file + ":" + (i + 1) + ": no column named '" + label + "' (data.csv.label);"
                                + " the header has " + String.join(", ", cells));
                    }
                }
                continue;
            }
            if (columns < 0) {
                columns = cells.length;
                if (label != null) {
                    throw new UserError(file + ": data.csv.label is '" + label + "' but the file has no header row");
                }
            }
            if (cells.length != columns) {
                throw new UserError(
                        file + ":" + (i + 1) + ": " + cells.length + " values, but the first row has " + columns);
            }
            double[] point = new double[columns - (labelColumn >= 0 ? 1 : 0)];
            int k = 0;
            for (int c = 0; c < cells.length; c++) {
                double v = number(file, i + 1, c, cells[c]);
                if (c == labelColumn) {
                    labels.add((int) v);
                } else {
                    point[k++] = v;
                }
            }
            rows.add(point);
        }
        if (rows.isEmpty()) {
            throw new UserError(file + " holds no points");
        }
        int dimension = rows.get(0).length;
        if (dimension == 0) {
            throw new UserError(file + " holds only a label column; points need at least one coordinate");
        }
        return new Table(
                rows,
                labelColumn >= 0 ? labels.stream().mapToInt(Integer::intValue).toArray() : null,
                dimension);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("CSV file not found: " + file, e);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return cell {@code column} of line {@code line} as a finite number, or a one-line error naming both */
    private static double number(Path file, int line, int column, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new UserError(file + ":" + line + ": '" + cell + "' is not a number (column " + (column + 1) + ")");
        }
        if (!Double.isFinite(v)) {
            throw new UserError(file + ":" + line + ": " + cell + " in column " + (column + 1)
                    + "; points must be finite numbers (remove or impute that row)");
        }
        return v;
    }

    private static boolean isNumeric(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return cell.equalsIgnoreCase("nan") || cell.equalsIgnoreCase("inf");
        }
    }

    private static Points synthetic(DataConfig.SyntheticSource spec, long seed, NDManager manager) {
        Random random = new Random(seed);
        double total = spec.weights().stream().mapToDouble(Double::doubleValue).sum();
        int[][] labels = new int[2][];
        NDArray[] sets = new NDArray[2];
        int[] sizes = {spec.trainSize(), spec.testSize()};
        int d = spec.dimension();
        double[][][] factors = new double[spec.weights().size()][][];
        for (int c = 0; c < factors.length; c++) {
            factors[c] = spec.factor(c);
        }
        double[] z = new double[d];
        for (int s = 0; s < 2; s++) {
            double[] flat = new double[sizes[s] * d];
            labels[s] = new int[sizes[s]];
            for (int i = 0; i < sizes[s]; i++) {
                double u = random.nextDouble() * total;
                int c = 0;
                double cumulative = spec.weights().get(0);
                while (u > cumulative && c < spec.weights().size() - 1) {
                    c++;
                    cumulative += spec.weights().get(c);
                }
                labels[s][i] = c;
                for (int j = 0; j < d; j++) {
                    z[j] = random.nextGaussian();
                }
                for (int j = 0; j < d; j++) { // mean + L z: a diagonal L gives the same draws as before
                    double x = spec.means().get(c).get(j);
                    for (int m = 0; m <= j; m++) {
                        x += factors[c][j][m] * z[m];
                    }
                    flat[i * d + j] = x;
                }
            }
            sets[s] = sizes[s] == 0 ? null : manager.create(flat, new Shape(sizes[s], d));
        }
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("synthetic_seed", Long.toString(seed));
        return new Points(
                sets[0],
                sets[1],
                labels[0],
                sets[1] == null ? null : labels[1],
                null,
                String.format(
                        Locale.ROOT,
                        "draws from a %d-component synthetic mixture (%d train, %d test, %d-D)",
                        spec.weights().size(),
                        sizes[0],
                        sizes[1],
                        d),
                identity);
    }
}
