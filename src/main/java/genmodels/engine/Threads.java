package genmodels.engine;

import ai.djl.pytorch.jni.JniUtils;
import genmodels.errors.UserError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's intra-op CPU thread count: fixed ({@code --threads N}) or chosen by measurement
 * ({@code --threads auto}, the default).
 *
 * <p>Why measure: the fastest count depends on the machine and the work, not on the core count.
 * On the 2-vCPU machines this project is built on, two threads made a VAE epoch 1.6 times slower
 * than one (for PyTorch too), while a float64 EM iteration ran 1.3 times faster with two. So
 * {@link #choose} times a short burst of the command's own work (a few real training steps, one
 * EM iteration on a slice of the points, ...) at each candidate count, in alternating rounds, and
 * keeps the fastest: candidates 1, 2, 4, ... up to the available cores (at most 64), the smaller
 * count winning unless a larger one is more than {@value #MARGIN_PERCENT}% faster. The choice and
 * the times it was based on are printed and written to the run's summary.
 *
 * <p>On a GPU the intra-op threads only run host-side work; auto then keeps one thread without
 * measuring.
 */
public final class Threads {

    /** A larger thread count must beat a smaller one by this much to be chosen. */
    static final int MARGIN_PERCENT = 5;
    /** Rounds of timing; candidates are visited forwards, then backwards, alternately. */
    static final int ROUNDS = 3;
    /** A timed trial lasts at least this long (enough steps of the work), and at least 2 steps. */
    static final double TRIAL_SECONDS = 0.06;
    /** Warm-up before any timing (JIT compilation, allocator, first calls into libtorch). */
    static final double WARMUP_SECONDS = 0.3;

    private final Integer fixed;
    private final List<Integer> candidates;
    private Choice choice;

    private Threads(Integer fixed, List<Integer> candidates) {
        this.fixed = fixed;
        this.candidates = candidates;
    }

    private Threads(Integer fixed) {
        this(fixed, null);
    }

    /**
     * @param candidates the counts to measure (instead of 1, 2, 4, ... up to the cores)
     * @return an auto setting that measures exactly these (tests, benchmarks)
     */
    public static Threads autoAmong(List<Integer> candidates) {
        return new Threads(null, List.copyOf(candidates));
    }

    /**
     * @param spec {@code auto} or an integer in [1, 1024]
     * @throws UserError otherwise
     */
    public static Threads parse(String spec) {
        if ("auto".equals(spec)) {
            return new Threads(null);
        }
        try {
            int n = Integer.parseInt(spec.trim());
            if (n >= 1 && n <= 1024) {
                return new Threads(n);
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UserError("--threads must be auto or an integer in [1, 1024], found '" + spec + "'");
    }

    /** @return whether the count is chosen by measurement */
    public boolean auto() {
        return fixed == null;
    }

    /** @return the count to start the engine with: the fixed one, or 1 until {@link #choose} measures */
    public int initial() {
        return fixed == null ? 1 : fixed;
    }

    /** @return the candidates for {@code cores} available cores: 1, 2, 4, ... below cores, and cores */
    public static List<Integer> candidates(int cores) {
        int top = Math.max(1, Math.min(64, cores));
        List<Integer> out = new ArrayList<>();
        for (int c = 1; c < top; c *= 2) {
            out.add(c);
        }
        out.add(top);
        return out;
    }

    /**
     * Sets the thread count for the work ahead: the fixed one, or (auto, on a CPU) the fastest
     * candidate for {@code step}, which runs a small, representative piece of the command's work and
     * must not change anything the command computes afterwards.
     *
     * @param what the work, as printed (e.g. {@code "training steps"})
     * @param gpu whether the work runs on a GPU (auto then keeps 1 without measuring)
     * @param step one unit of the work
     * @param out where the choice is printed, or null
     * @return the choice
     */
    public Choice choose(String what, boolean gpu, Runnable step, PrintWriter out) {
        if (fixed != null) {
            choice = new Choice(fixed, "set by --threads", what, Map.of(), 0, 0, 0);
        } else if (gpu) {
            choice = new Choice(1, "auto on a GPU: 1 without measuring (host-side work only)", what, Map.of(), 0, 0, 0);
        } else {
            choice = measure(
                    what,
                    candidates != null
                            ? candidates
                            : candidates(Runtime.getRuntime().availableProcessors()),
                    step);
        }
        set(choice.threads());
        if (out != null) {
            out.println(choice.describe());
            out.flush();
        }
        return choice;
    }

    /**
     * Chooses the count while the work itself runs, for work made of many long, equal iterations
     * (EM): after one warm-up iteration, the next {@value #ROUNDS_DURING} x candidates iterations
     * run at each candidate in turn (forwards, then backwards), timed, and the rest at the fastest.
     * Nothing is computed only to be timed. A fixed count, or a GPU, is set at once.
     *
     * @param what the iteration, as printed
     * @param gpu whether the work runs on a GPU
     * @param out where the choice is printed (when made), or null
     * @return call {@link During#before} before each iteration and {@link During#after} after it
     */
    public During during(String what, boolean gpu, PrintWriter out) {
        if (fixed != null || gpu) {
            choose(what, gpu, () -> {}, out);
            return new During(List.of(), what, out);
        }
        List<Integer> counts = candidates != null
                ? candidates
                : candidates(Runtime.getRuntime().availableProcessors());
        if (counts.size() == 1) {
            choose(what, false, () -> {}, out);
            return new During(List.of(), what, out);
        }
        List<Integer> schedule = new ArrayList<>();
        schedule.add(counts.get(0)); // warm-up, not timed
        for (int round = 0; round < ROUNDS_DURING; round++) {
            List<Integer> order = new ArrayList<>(counts);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            schedule.addAll(order);
        }
        return new During(schedule, what, out);
    }

    /** Rounds over the candidates when choosing during the work's own iterations. */
    static final int ROUNDS_DURING = 2;

    /** The thread schedule of {@link #during}: the first iterations try each count, the rest use the fastest. */
    public final class During {
        private final List<Integer> schedule;
        private final String what;
        private final PrintWriter out;
        private final Map<Integer, List<Double>> times = new LinkedHashMap<>();
        private int iteration;

        private During(List<Integer> schedule, String what, PrintWriter out) {
            this.schedule = schedule;
            this.what = what;
            this.out = out;
        }

        /** Sets the thread count for the next iteration. */
        public void before() {
            if (iteration < schedule.size()) {
                set(schedule.get(iteration));
            }
        }

        /** @param iterationSeconds how long the iteration just finished took */
        public void after(double iterationSeconds) {
            if (iteration < schedule.size()) {
                if (iteration > 0) { // the first is the warm-up
                    times.computeIfAbsent(schedule.get(iteration), c -> new ArrayList<>())
                            .add(iterationSeconds * 1e3);
                }
                iteration++;
                if (iteration == schedule.size()) {
                    decide();
                }
            }
        }

        /** Decides with what was measured when the work ends before the schedule does. */
        public void finish() {
            if (iteration >= schedule.size()) {
                return;
            }
            if (times.isEmpty()) { // ended within its warm-up iteration
                choice = new Choice(
                        schedule.get(0), "auto: the work ended before it could be measured", what, Map.of(), 0, 0, 0);
                set(choice.threads());
                iteration = schedule.size();
            } else {
                decide();
            }
        }

        private void decide() {
            Map<Integer, Double> medians = new LinkedHashMap<>();
            times.forEach((c, t) -> {
                double[] sorted =
                        t.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                medians.put(
                        c,
                        sorted.length % 2 == 1
                                ? sorted[sorted.length / 2]
                                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
            });
            int best = medians.keySet().iterator().next();
            for (int c : medians.keySet()) {
                if (medians.get(c) * (1 + MARGIN_PERCENT / 100.0) < medians.get(best)) {
                    best = c;
                }
            }
            choice = new Choice(
                    best,
                    "auto: the fastest of the work's own first iterations",
                    what,
                    medians,
                    ROUNDS_DURING,
                    1,
                    0); // the timed iterations were part of the work: nothing extra
            set(best);
            if (out != null) {
                out.println(choice.describe());
                out.flush();
            }
            iteration = schedule.size();
        }
    }

    /** @return the last choice, or null before {@link #choose} */
    public Choice choice() {
        return choice;
    }

    /** Sets libtorch's intra-op thread count (OpenMP and its BLAS). */
    public static void set(int threads) {
        JniUtils.setNumThreads(threads);
    }

    static Choice measure(String what, List<Integer> candidates, Runnable step) {
        if (candidates.size() == 1) {
            return new Choice(candidates.get(0), "auto: the only candidate on this machine", what, Map.of(), 0, 0, 0);
        }
        long started = System.nanoTime();
        set(candidates.get(0));
        double perStep = warmUp(step);
        int steps = (int) Math.max(2, Math.min(50, Math.ceil(TRIAL_SECONDS / Math.max(perStep, 1e-6))));
        Map<Integer, double[]> trials = new LinkedHashMap<>();
        for (int c : candidates) {
            trials.put(c, new double[ROUNDS]);
        }
        for (int round = 0; round < ROUNDS; round++) {
            List<Integer> order = new ArrayList<>(candidates);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (int c : order) {
                set(c);
                step.run(); // the pool at its new size, untimed
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    step.run();
                }
                trials.get(c)[round] = (System.nanoTime() - start) / 1e6 / steps;
            }
        }
        Map<Integer, Double> medians = new LinkedHashMap<>();
        for (int c : candidates) {
            double[] t = trials.get(c).clone();
            Arrays.sort(t);
            medians.put(c, t[t.length / 2]);
        }
        int best = candidates.get(0);
        for (int c : candidates) {
            if (medians.get(c) * (1 + MARGIN_PERCENT / 100.0) < medians.get(best)) {
                best = c;
            }
        }
        return new Choice(
                best,
                "auto: the fastest by measurement",
                what,
                medians,
                ROUNDS,
                steps,
                (System.nanoTime() - started) / 1e9);
    }

    /** @return seconds per step once warm, after at least 3 steps and {@link #WARMUP_SECONDS} */
    private static double warmUp(Runnable step) {
        long start = System.nanoTime();
        int done = 0;
        long last = 0;
        while (done < 3 || (System.nanoTime() - start) / 1e9 < WARMUP_SECONDS) {
            long t = System.nanoTime();
            step.run();
            last = System.nanoTime() - t;
            done++;
            if (done >= 200) {
                break;
            }
        }
        return last / 1e9;
    }

    /**
     * A thread count and how it was chosen.
     *
     * @param threads the count in use
     * @param how why this count
     * @param work what was timed
     * @param msPerStep candidate to its median milliseconds per step (empty when not measured)
     * @param rounds rounds of timing over the candidates
     * @param steps steps per timed trial
     * @param seconds how long the measurement took, warm-up included (0 when not measured)
     */
    public record Choice(
            int threads,
            String how,
            String work,
            Map<Integer, Double> msPerStep,
            int rounds,
            int steps,
            double seconds) {

        public Choice {
            msPerStep = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(msPerStep));
        }

        /**
         * @return "; kept 1: 2 was only 3.1% faster, within the 5% margin" when a count faster than
         *     the chosen one lost to the margin, else ""
         */
        String keptWithinMargin() {
            Double chosen = msPerStep.get(threads);
            if (chosen == null) {
                return "";
            }
            for (Map.Entry<Integer, Double> e : msPerStep.entrySet()) {
                if (e.getValue() < chosen) {
                    return String.format(
                            Locale.ROOT,
                            "; kept %d: %d was only %.1f%% faster, within the %d%% margin",
                            threads,
                            e.getKey(),
                            100 * (chosen / e.getValue() - 1),
                            MARGIN_PERCENT);
                }
            }
            return "";
        }

        /** @return one line, e.g. {@code threads: 1 (auto: ...; ms per training step: 1 -> 7.91, 2 -> 12.40)} */
        public String describe() {
            StringBuilder sb =
                    new StringBuilder("threads: ").append(threads).append(" (").append(how);
            if (!msPerStep.isEmpty()) {
                sb.append("; median ms per ")
                        .append(work)
                        .append(" over ")
                        .append(rounds)
                        .append(" rounds of ")
                        .append(steps)
                        .append(':');
                String sep = " ";
                for (Map.Entry<Integer, Double> e : msPerStep.entrySet()) {
                    sb.append(sep).append(String.format(Locale.ROOT, "%d -> %.2f", e.getKey(), e.getValue()));
                    sep = ", ";
                }
                if (seconds > 0) {
                    sb.append(String.format(Locale.ROOT, "; %.1f s", seconds));
                }
                sb.append(keptWithinMargin());
            }
            return sb.append(')').toString();
        }

        /** @return the choice for summary.json */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("threads", threads);
            json.put("how", how);
            if (!msPerStep.isEmpty()) {
                json.put("work", work);
                Map<String, Double> ms = new LinkedHashMap<>();
                msPerStep.forEach((c, v) -> ms.put(Integer.toString(c), v));
                json.put("median_ms_per_step", ms);
                json.put("rounds", rounds);
                json.put("steps_per_trial", steps);
                json.put("measurement_seconds", seconds);
            }
            return json;
        }
    }
}
