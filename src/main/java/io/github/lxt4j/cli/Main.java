package io.github.lxt4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lxt4j} command line. */
@Command(name = "lxt4j", mixinStandardHelpOptions = true, version = "lxt4j 0.1.0",
        description = "Explicit Layer-wise Relevance Propagation (AttnLRP, CP-LRP) for transformers.",
        subcommands = {ExplainCommand.class, GenerateCommand.class, ShowCommand.class, EvalCommand.class, BenchCommand.class, InfoCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line; errors print as one line and exit with 2 (bad input) or 1. */
    public static CommandLine commandLine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        CommandLine cl = GroupedOptionsHelp.install(new CommandLine(new Main()));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return ex instanceof io.github.lxt4j.Lxt4jException || ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
