package io.github.lxt4j.cli;

import io.github.lxt4j.viz.DisplayText;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports what picocli could not parse (an unknown option, a value of the wrong type, a missing required option) as
 * one line with exit code 2, the closest option names when there are some, and where the help is; not the whole
 * usage text, which buried the error.
 */
final class OptionErrors {
    private OptionErrors() {}

    static int report(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String line = "error: " + Failures.oneLine(e.getMessage(), e).replaceFirst("\\.$", "");
        if (e instanceof UnmatchedArgumentException u) {
            List<String> close = u.getSuggestions();
            if (!close.isEmpty()) {
                line += " (did you mean " + String.join(", ", close.subList(0, Math.min(3, close.size()))) + "?)";
            }
        }
        PrintWriter err = cl.getErr();
        err.println(DisplayText.line(line) + "; see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return Failures.USER_ERROR;
    }
}
