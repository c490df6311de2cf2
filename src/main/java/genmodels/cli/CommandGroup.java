package genmodels.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only holds others ({@code train}, {@code fit}, {@code explain}), as picocli's
 * nested subcommands: {@code genmodels train vae}. Called alone it names its commands.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, synopsisSubcommandLabel = "COMMAND")
final class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    /**
     * @param name the group's name
     * @param description one line for {@code --help}
     * @param members each member's name in the group and its command
     * @return the group, its members added in order
     */
    static CommandLine of(String name, String description, Map<String, Object> members) {
        CommandLine group = new CommandLine(new CommandGroup());
        group.getCommandSpec().name(name).usageMessage().description(description);
        members.forEach(group::addSubcommand);
        return group;
    }

    @Override
    public void run() {
        List<String> names = spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(Map.Entry::getKey)
                .toList();
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "choose one of " + String.join(", ", names) + " after '" + spec.qualifiedName() + "'");
    }
}
