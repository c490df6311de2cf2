package genmodels.cli;

import genmodels.errors.EnvironmentError;
import genmodels.errors.UserError;
import genmodels.fit.FitDefinition;
import genmodels.fit.Fits;
import genmodels.models.ModelDefinition;
import genmodels.models.Models;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code genmodels} command: subcommands, error handling and exit codes. */
@Command(
        name = "genmodels",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train and fit classic generative models on MNIST and your own images (DJL, PyTorch engine).",
        synopsisSubcommandLabel = "COMMAND")
public final class Main implements Runnable {

    static {
        // DJL logs through SLF4J; keep its start-up chatter (platform detection, CUDA probes) quiet.
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.log.ai.djl", "error");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("java.awt.headless", "true"); // charts and PNG grids are drawn off-screen
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "choose a command");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * @return every command: the groups ({@code train MODEL}, {@code fit DENSITY}, {@code explain
     *     TOPIC}, {@code sweep run|status|collect}) and the single commands, in the order {@code
     *     --help} lists them; every earlier flat name ({@code train-vae}, {@code fit-gmm}, {@code
     *     pca}, {@code kl}, {@code sweep-task}, ...) stays as a hidden alias
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        Map<String, Object> train = new LinkedHashMap<>();
        for (ModelDefinition<?> model : Models.ALL) {
            train.put(model.type(), trainCommand(model));
        }
        cli.addSubcommand(
                CommandGroup.of("train", "Train a network: " + String.join(", ", train.keySet()) + ".", train));
        Map<String, Object> fit = new LinkedHashMap<>();
        for (FitDefinition<?> definition : Fits.ALL) {
            fit.put(definition.name(), fitCommand(definition));
        }
        cli.addSubcommand(
                CommandGroup.of("fit", "Fit a density or a projection: " + String.join(", ", fit.keySet()) + ".", fit));
        for (Object single : List.of(
                new SampleCommand(),
                new EncodeCommand(),
                new EvaluateCommand(),
                new FidCommand(),
                new ReportCommand(),
                new SweepCommand(),
                new CourseCommand(),
                new BenchCommand(),
                new ProbeCommand(),
                new RetrieveCommand())) {
            cli.addSubcommand(single);
        }
        Map<String, Object> explain = new LinkedHashMap<>();
        explain.put("kl", new KlCommand());
        explain.put("dimensions", new DimensionsCommand());
        explain.put("sliced", new SlicedCommand());
        explain.put("gradients", new GradientsCommand());
        explain.put("manifold", new ManifoldCommand());
        cli.addSubcommand(CommandGroup.of(
                "explain",
                "Teaching demonstrations, each worked out with figures: " + String.join(", ", explain.keySet()) + ".",
                explain));
        cli.addSubcommand(new CommandLine.HelpCommand());
        addAliases(cli);
        return cli;
    }

    /** The flat names of earlier versions, hidden from {@code --help} but accepted. */
    private static void addAliases(CommandLine cli) {
        for (ModelDefinition<?> model : Models.ALL) {
            cli.addSubcommand(model.command(), hidden(trainCommand(model)));
        }
        for (FitDefinition<?> definition : Fits.ALL) {
            cli.addSubcommand(definition.alias(), hidden(fitCommand(definition)));
        }
        cli.addSubcommand("kl", hidden(new CommandLine(new KlCommand())));
        cli.addSubcommand("dimensions", hidden(new CommandLine(new DimensionsCommand())));
        cli.addSubcommand("sliced", hidden(new CommandLine(new SlicedCommand())));
        cli.addSubcommand("gradients", hidden(new CommandLine(new GradientsCommand())));
        cli.addSubcommand("manifold", hidden(new CommandLine(new ManifoldCommand())));
        cli.addSubcommand("sweep-task", hidden(new CommandLine(new SweepTaskCommand())));
        cli.getSubcommands().get("sweep").addSubcommand("task", hidden(new CommandLine(new SweepTaskCommand())));
    }

    private static CommandLine trainCommand(ModelDefinition<?> model) {
        CommandLine sub = new CommandLine(new TrainCommand<>(model));
        sub.getCommandSpec().usageMessage().description(model.summary());
        return sub;
    }

    private static CommandLine fitCommand(FitDefinition<?> definition) {
        CommandLine sub = new CommandLine(new FitCommand<>(definition));
        sub.getCommandSpec().usageMessage().description(definition.summary());
        return sub;
    }

    private static CommandLine hidden(CommandLine command) {
        command.getCommandSpec().usageMessage().hidden(true);
        return command;
    }

    /**
     * @param command its words: a flat name ({@code train-vae}) or a group and a member ({@code train
     *     vae}); words after the command (a positional argument) are ignored
     * @return whether {@code command} takes {@code option} (e.g. {@code --threads}), from its
     *     picocli declaration; false for an unknown command or a bare group
     */
    static boolean takes(String command, String option) {
        CommandLine sub = COMMANDS;
        for (String word : command.split(" ")) {
            CommandLine next = sub.getSubcommands().get(word);
            if (next == null) {
                break; // a positional argument, e.g. sweep's COMMAND
            }
            sub = next;
        }
        return sub != COMMANDS && sub.getCommandSpec().findOption(option) != null;
    }

    /** The commands as declared, read by {@link #takes}. */
    private static final CommandLine COMMANDS = commandLine();

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @return the exit code: 0 ok, 1 internal error, 2 bad usage or bad input
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getSuggestions().isEmpty()) {
                suggestion = "; did you mean "
                        + String.join(
                                " or ",
                                u.getSuggestions()
                                        .subList(
                                                0,
                                                Math.min(3, u.getSuggestions().size()))) + "?";
            }
            err.println("error: " + oneLine(e.getMessage()) + suggestion + "; see '" + name + " --help'");
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean stacktrace = commandLine.getParseResult() != null
                    && commandLine.getParseResult().hasMatchedOption("--stacktrace");
            UserError user = find(e, UserError.class);
            EnvironmentError environment = find(e, EnvironmentError.class);
            if (user != null) {
                err.println("error: " + oneLine(user.getMessage()));
            } else if (environment != null) {
                err.println("error: " + oneLine(environment.getMessage()));
            } else {
                err.println("internal error: " + oneLine(String.valueOf(e))
                        + (stacktrace ? "" : " (rerun with --stacktrace for details)"));
            }
            if (stacktrace) {
                e.printStackTrace(err);
            }
            err.flush();
            return user != null ? ExitCodes.USAGE : ExitCodes.INTERNAL;
        });
        return cli.execute(args);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
