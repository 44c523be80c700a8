package io.github.lxt4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lists {@code explain}'s options under one heading per mode instead of one flat list. An option not named here
 * goes under "Other options", so none is ever hidden.
 */
final class GroupedOptionsHelp implements IHelpSectionRenderer {
    private static final Map<String, List<String>> EXPLAIN = new LinkedHashMap<>();

    static {
        EXPLAIN.put(
                "Model and method", List.of("--model", "--tokenizer", "--method", "--backend", "--dtype", "--device"));
        EXPLAIN.put(
                "Prompt mode (decoder LMs; T5 with a source text)",
                List.of(
                        "--target",
                        "--target-prefix",
                        "--aggregate",
                        "--skip-special",
                        "--clip-percentile",
                        "--html",
                        "--pdf",
                        "--svg",
                        "--png",
                        "--latex",
                        "--compile-latex",
                        "--color",
                        "--no-color"));
        EXPLAIN.put("JSON Lines mode", List.of("--prompts", "--jsonl", "--batch-size", WorkersOption.NAME));
        EXPLAIN.put("Batch mode (safetensors)", List.of("--inputs", "--output", "--layers"));
        EXPLAIN.put(
                "CLIP image mode",
                List.of("--image", "--text", "--alpha", "--sign", "--outlier-perc", "--conv-gamma", "--linear-gamma"));
    }

    private final Map<String, List<String>> groups;

    private GroupedOptionsHelp(Map<String, List<String>> groups) {
        this.groups = groups;
    }

    /** Installs the grouped option list on the {@code explain} subcommand of {@code root}. */
    static CommandLine install(CommandLine root) {
        root.getSubcommands()
                .get("explain")
                .getHelpSectionMap()
                .put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, new GroupedOptionsHelp(EXPLAIN));
        return root;
    }

    @Override
    public String render(Help help) {
        List<OptionSpec> rest = new ArrayList<>(help.commandSpec().options());
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            List<OptionSpec> members = new ArrayList<>();
            for (String name : g.getValue()) {
                OptionSpec o = help.commandSpec().findOption(name);
                if (o != null && rest.remove(o)) {
                    members.add(o);
                }
            }
            section(out, help, g.getKey(), members);
        }
        section(out, help, "Other options", rest);
        return out.toString();
    }

    private static void section(StringBuilder out, Help help, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        Help.Layout layout = help.createDefaultLayout();
        for (OptionSpec o : options) {
            layout.addOption(o, help.parameterLabelRenderer());
        }
        out.append(String.format("%n%s:%n", heading)).append(layout);
    }
}
