package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.MissingDependencyException;
import io.github.lxt4j.OptionalDependency;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code lxt4j} command line. */
@Command(name = "lxt4j", mixinStandardHelpOptions = true, version = "lxt4j 0.1.0",
        description = "Explicit Layer-wise Relevance Propagation (AttnLRP, CP-LRP) for transformers.",
        subcommands = {ExplainCommand.class, GenerateCommand.class, ShowCommand.class, EvalCommand.class,
            BenchCommand.class, InfoCommand.class, SparkExplainCommand.class, QuantizeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    // read by CliLogging before picocli parses anything: logging levels are fixed when the first logger is created
    @Option(names = CliLogging.VERBOSE, scope = ScopeType.INHERIT,
            description = "Show the log output of DJL, ND4J and PDFBox (default: errors only).")
    boolean verbose;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line; errors print as one line and exit with 2 (bad input) or 1. Not public: a public
     * method with a picocli type would make the JVM load picocli before {@link #main} can say that it is missing.
     */
    static CommandLine commandLine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        CommandLine cl = GroupedOptionsHelp.install(new CommandLine(new Main()));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return ex instanceof Lxt4jException || ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    /** Runs the CLI in this JVM: checks that picocli is there, sets the log levels, then exits with the code. */
    public static void main(String[] args) {
        try {
            OptionalDependency.PICOCLI.require();
        } catch (MissingDependencyException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        CliLogging.configure(args);
        System.exit(run(args));
    }
}
