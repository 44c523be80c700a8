package io.github.lxt4j.cli;

import io.github.lxt4j.MissingDependencyException;
import io.github.lxt4j.OptionalDependency;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code lxt4j} command line. */
@Command(
        name = "lxt4j",
        mixinStandardHelpOptions = true,
        version = "lxt4j 0.1.0",
        description = "Explicit Layer-wise Relevance Propagation (AttnLRP, CP-LRP) for transformers.",
        subcommands = {
            ExplainCommand.class,
            GenerateCommand.class,
            ShowCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            InfoCommand.class,
            SparkExplainCommand.class,
            QuantizeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    // read by CliLogging before picocli parses anything: logging levels are fixed when the first logger is created
    @Option(
            names = CliLogging.VERBOSE,
            scope = ScopeType.INHERIT,
            description = "Show the log output of DJL, ND4J and PDFBox (default: errors only).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return execute(commandLine(), args);
    }

    /**
     * Runs {@code cl} and returns its exit code: every failure, also one outside a command (an {@link Error}, the
     * last flush of stdout), goes through {@link Failures}.
     */
    static int execute(CommandLine cl, String... args) {
        try {
            int code = cl.execute(args);
            cl.getOut().flush();
            return code;
        } catch (RuntimeException | Error e) {
            return Failures.report(e, cl.getErr(), CliLogging.verbose(args));
        }
    }

    /**
     * The configured command line; errors print as one line and exit with 2 (bad input) or 1 (see {@link Failures}).
     * Not public: a public method with a picocli type would make the JVM load picocli before {@link #main} can say
     * that it is missing.
     */
    static CommandLine commandLine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        CommandLine cl = GroupedOptionsHelp.install(new CommandLine(new Main()));
        cl.setOut(StdoutStream.writer(new FileOutputStream(FileDescriptor.out), stdoutCharset()));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> Failures.report(
                ex, cmd.getErr(), CliLogging.verbose(parsed.originalArgs().toArray(String[]::new))));
        cl.setParameterExceptionHandler(OptionErrors::report);
        return cl;
    }

    /** The encoding of stdout, as picocli and {@code System.out} choose it. */
    private static Charset stdoutCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
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
