package genmodels.cli;

import genmodels.errors.EnvironmentError;
import genmodels.errors.UserError;
import genmodels.models.ModelDefinition;
import genmodels.models.Models;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code genmodels} command: subcommands, error handling and exit codes. */
@Command(
        name = "genmodels",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train and fit classic generative models on MNIST and your own images (DJL, PyTorch engine).",
        subcommands = {
            EncodeCommand.class,
            SampleCommand.class,
            EvaluateCommand.class,
            PcaCommand.class,
            FitGmmCommand.class,
            FitKdeCommand.class,
            BenchCommand.class,
            ReportCommand.class,
            SweepCommand.class,
            SweepTaskCommand.class,
            CourseCommand.class,
            KlCommand.class,
            DimensionsCommand.class,
            SlicedCommand.class,
            ProbeCommand.class,
            CommandLine.HelpCommand.class
        })
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

    /** @return every command, the models' train-* commands from the registry included */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (ModelDefinition<?> model : Models.ALL) {
            CommandLine sub = new CommandLine(new TrainCommand<>(model));
            sub.getCommandSpec().usageMessage().description(model.summary());
            cli.addSubcommand(model.command(), sub);
        }
        return cli;
    }

    /**
     * @return whether {@code command} takes {@code option} (e.g. {@code --threads}), from its
     *     picocli declaration; false for an unknown command
     */
    static boolean takes(String command, String option) {
        CommandLine sub = COMMANDS.getSubcommands().get(command);
        return sub != null && sub.getCommandSpec().findOption(option) != null;
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
