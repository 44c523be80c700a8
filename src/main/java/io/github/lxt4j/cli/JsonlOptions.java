package io.github.lxt4j.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** {@code --prompts}, {@code --jsonl}, {@code --batch-size}: the JSON Lines mode of {@code lxt4j explain}. */
final class JsonlOptions {
    static final int DEFAULT_BATCH = 8;

    /** The options that the JSON Lines mode understands; every other option of {@code explain} is an error with it. */
    private static final Set<String> ALLOWED = Set.of(
            "--prompts",
            "--jsonl",
            "--batch-size",
            WorkersOption.NAME,
            "--model",
            "--method",
            "--backend",
            "--dtype",
            "--device",
            "--weights",
            "--checkpoint",
            "--memory-budget",
            "--aggregate",
            "--tokenizer");

    @Option(
            names = "--prompts",
            paramLabel = "FILE.jsonl|-",
            description = "JSON Lines mode: one prompt a line,"
                    + " {\"prompt\": ..., \"id\": ..., \"target\": ID|TOKEN} or a JSON string; for T5"
                    + " {\"source\": ..., \"target_prefix\": ..., \"id\": ..., \"target\": ...}; - reads stdin.")
    String prompts;

    @Option(
            names = "--jsonl",
            paramLabel = "OUT.jsonl|-",
            description = "JSON Lines mode: one result line per prompt"
                    + " line, in input order, written as each batch is done; - writes stdout.")
    String jsonl;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "JSON Lines mode: prompts explained together"
                    + " (default: " + DEFAULT_BATCH
                    + "; decoder LMs and sequence classifiers, T5 and token-classifier lines go"
                    + " one at a time).")
    Integer batchSize;

    boolean active() {
        return prompts != null || jsonl != null;
    }

    int batchSize() {
        int n = batchSize == null ? DEFAULT_BATCH : batchSize;
        if (n < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + n);
        }
        return n;
    }

    /** Rejects what the JSON Lines mode cannot combine with, or {@code --batch-size} outside it. */
    void check(ParseResult parsed) {
        if (!active()) {
            if (batchSize != null) {
                throw new IllegalArgumentException(
                        "--batch-size belongs to the JSON Lines mode: add --prompts and" + " --jsonl");
            }
            if (parsed.hasMatchedOption(WorkersOption.NAME)) {
                throw new IllegalArgumentException(
                        WorkersOption.NAME + " belongs to the JSON Lines mode: add --prompts and --jsonl");
            }
            return;
        }
        if (prompts == null || jsonl == null) {
            throw new IllegalArgumentException(
                    "the JSON Lines mode needs both --prompts FILE.jsonl|- and" + " --jsonl OUT.jsonl|-");
        }
        if (parsed.hasMatchedPositional(0)) {
            throw new IllegalArgumentException(
                    "--prompts/--jsonl read the prompts from " + prompts + "; drop the prompt argument '"
                            + parsed.matchedPositional(0).getValue() + "'");
        }
        List<OptionSpec> matched = parsed.matchedOptions();
        for (OptionSpec o : matched) {
            if (!ALLOWED.contains(o.longestName())) {
                throw new IllegalArgumentException("--prompts/--jsonl cannot be combined with " + o.longestName()
                        + (o.longestName().equals("--target") ? " (give each line a \"target\" instead)" : ""));
            }
        }
    }
}
