package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's usage help names its values with real labels, never picocli's {@code <fieldName>} default. */
class HelpPlaceholdersTest {
    private static final Pattern DEFAULT_LABEL = Pattern.compile("<[a-z][A-Za-z0-9]*>");
    private static final java.util.Set<String> SPECIAL_TOKENS = java.util.Set.of("<s>");

    @Test
    void noCommandShowsAFieldNamePlaceholder() {
        CommandLine root = Main.commandLine();
        List<String> leaks = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        collect(root, leaks, checked);
        assertTrue(checked.size() >= 9, "every subcommand rendered: " + checked);
        assertEquals(List.of(), leaks, "picocli placeholders in the usage help");
    }

    @Test
    void theCheckCatchesAFieldNamePlaceholder() {
        List<String> leaks = new ArrayList<>();
        scan("x", "  --backend=<backend>   djl or nd4j; special tokens such as <s>", leaks);
        assertEquals(List.of("x: <backend>"), leaks);
    }

    /** Adds each {@code <name>} of {@code usage} but the special tokens descriptions spell out ({@code <s>}). */
    private static void scan(String command, String usage, List<String> leaks) {
        Matcher m = DEFAULT_LABEL.matcher(usage);
        while (m.find()) {
            if (!SPECIAL_TOKENS.contains(m.group())) {
                leaks.add(command + ": " + m.group());
            }
        }
    }

    private static void collect(CommandLine cl, List<String> leaks, List<String> checked) {
        String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        checked.add(cl.getCommandName());
        scan(cl.getCommandName(), usage, leaks);
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, leaks, checked);
        }
    }
}
