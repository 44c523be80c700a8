package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.viz.TokenScheme;
import io.github.lxt4j.viz.WordAggregation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small SentencePiece (Unigram, {@code ▁}) tokenizer for the t5-gated test model, kept apart from the fixtures in
 * src/test/resources/tokenizers/t5-gated: it splits words into sub-words, so word aggregation and the T5 text mode
 * run on real sub-word tokens.
 */
class T5SubwordTokenizerTest {
    private static final Path TOKENIZER = Path.of("src/test/resources/tokenizers/t5-gated/tokenizer.json");

    @TempDir
    Path tmp;

    @Test
    void subwordsMergeIntoWords() {
        try (HfTokenizer tok = HfTokenizer.open(TOKENIZER)) {
            long[] ids = tok.encode("the cats walked").ids();
            String[] tokens = java.util.Arrays.stream(ids).mapToObj(tok::token).toArray(String[]::new);
            assertArrayEquals(new String[] {"▁the", "▁cat", "s", "▁walk", "ed", "</s>"}, tokens);
            assertEquals(TokenScheme.SENTENCEPIECE, TokenScheme.of(tok.tokenizerFile()));
            WordAggregation words = WordAggregation.of(tokens, TokenScheme.SENTENCEPIECE);
            assertArrayEquals(new String[] {" the", " cats", " walked", "</s>"}, words.words());
            assertArrayEquals(new double[] {1, 5, 9, 6}, words.sum(new double[] {1, 2, 3, 4, 5, 6}), 0);
        }
    }

    @Test
    void theT5TestModelExplainsTextWithItThroughTokenizerOption() throws Exception {
        Path pdf = tmp.resolve("t5.pdf");
        CliRun r = CliRun.command(
                "explain",
                "--model",
                Fixtures.dir("t5-gated").toString(),
                "--tokenizer",
                TOKENIZER.toString(),
                "the cats walked in the park",
                "--html",
                tmp.resolve("t5.html").toString(),
                "--pdf",
                pdf.toString());
        assertEquals(0, r.code(), r.err());
        String source =
                r.out().lines().filter(l -> l.startsWith("source:")).findFirst().orElseThrow();
        assertTrue(source.matches("source: +the\\[.*\\] cat\\[.*\\]s\\[.*\\] walk\\[.*\\]ed\\[.*\\] in\\[.*"), source);
        assertTrue(Files.size(pdf) > 0, "--pdf is honoured in T5 mode");
        CliRun without = CliRun.command(
                "explain",
                "--model",
                Fixtures.dir("t5-gated").toString(),
                "the cats walked in the park",
                "--html",
                tmp.resolve("t5.html").toString());
        assertEquals(2, without.code());
        assertTrue(without.err().contains("--tokenizer FILE"), without.err());
    }

    @Test
    void jsonlModeReadsTextWithTokenizerOption() throws Exception {
        Path prompts = tmp.resolve("p.jsonl");
        Files.writeString(prompts, "{\"source\": \"the cats walked\"}\n{\"source\": \"the dog ran\"}\n");
        Path out = tmp.resolve("r.jsonl");
        CliRun r = CliRun.command(
                "explain",
                "--model",
                Fixtures.dir("t5-gated").toString(),
                "--tokenizer",
                TOKENIZER.toString(),
                "--prompts",
                prompts.toString(),
                "--jsonl",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, Files.readAllLines(out).size());
        assertTrue(Files.readString(out).contains("\"▁walk\""), Files.readString(out));
    }
}
