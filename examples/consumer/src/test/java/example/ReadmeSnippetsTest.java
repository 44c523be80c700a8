package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TokenizerException;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.TensorScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README snippets on the kv-retrieval fixture (the demo model, with its tokenizer) with the first eval prompt,
 * and checks what they print against the fixture's references: the relevance against the authors' AttnLRP relevance
 * (max|a-b| <= 1e-3 max|b|, cosine >= 0.9999, the fixtures' float32 tolerance), the target against the prompt's answer,
 * the logit of the hand-written pass against the explainer's (1e-4, the fixtures' logit tolerance), and the hit@1 of
 * the evaluation against the reference relevances.
 */
class ReadmeSnippetsTest {
    private static final Pattern ARRAY = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final int REFERENCE_ROWS = 32;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE]-?\\d+)?");

    private static Path kv;
    private static String prompt;
    private static String answer;
    private static double[] reference;

    @BeforeAll
    static void fixture() throws Exception {
        kv = Path.of(System.getProperty("consumer.fixtures"), "kv-retrieval");
        JsonNode first = new ObjectMapper()
                .readTree(Files.readAllLines(kv.resolve("eval.jsonl")).get(0));
        prompt = first.get("prompt").asText();
        answer = first.get("answer").asText();
        try (SafetensorsFile f = SafetensorsFile.open(kv.resolve("reference.safetensors"))) {
            double[] all = f.read("attnlrp.tokens").toDoubles();
            long[] shape = f.info("attnlrp.tokens").shape();
            reference = Arrays.copyOfRange(all, 0, (int) shape[1]);
        }
    }

    @Test
    void byHandAndTheExplainerMatchTheReferenceAndAnswer() throws Exception {
        String byHand = stdout(() -> ReadmeSnippets.byHand(kv, prompt));
        double logit = Double.parseDouble(byHand.strip().split(" ", 2)[0]);
        assertRelevance("by hand", lastArray(byHand));

        String out = stdout(() -> ReadmeSnippets.explainer(kv, prompt));
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        assertRelevance("CausalLmExplainer", lastArray(lines[0]));
        double[] target = lastArray(lines[1]);
        assertEquals(1, target.length, lines[1]);
        double value = Double.parseDouble(
                lines[1].substring(lines[1].lastIndexOf('=') + 1).strip());
        assertEquals(logit, value, 1e-4, "the explained logit, by hand and by the explainer");
        try (HfTokenizer tokenizer = HfTokenizer.open(kv)) {
            assertEquals(answer, tokenizer.decode(new long[] {(long) target[0]}).strip(), "the argmax token");
        }
    }

    @Test
    void autoModelResolvesAHubIdInTheLocalCacheAndVisitsTheDecoder() throws Exception {
        // HF_HUB_CACHE (set in the pom) gets the layout huggingface_hub writes, holding the demo model's files
        Path snapshot = Path.of(
                System.getenv("HF_HUB_CACHE"),
                "models--TinyLlama--TinyLlama-1.1B-Chat-v1.0",
                "snapshots",
                "0123456789abcdef0123456789abcdef01234567");
        Files.createDirectories(snapshot);
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(kv.resolve(f), snapshot.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        int layers = new ObjectMapper()
                .readTree(kv.resolve("config.json").toFile())
                .get("num_hidden_layers")
                .asInt();
        String out = stdout(ReadmeSnippets::autoModel);
        assertEquals("llama: " + layers + "-layer decoder", out.strip());
    }

    @Test
    void generationExplainsEachGeneratedTokenOnItsOwnContext() throws Exception {
        int promptTokens;
        String out;
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer ex =
                        new CausalLmExplainer(LlamaForCausalLM.fromPretrained(kv), HfTokenizer.open(kv))) {
            promptTokens = ex.tokenizer().encode(prompt).ids().length;
            out = stdout(() -> ReadmeSnippets.generation(ex, prompt));
        }
        String[] rows = out.strip().split("\n");
        assertEquals(3, rows.length, out);
        assertEquals(answer, rows[0].split(" ")[0].replace("\u2581", "").strip(), "the first generated token");
        for (int k = 0; k < rows.length; k++) {
            String[] f = rows[k].split(" ");
            assertEquals(
                    promptTokens + k, Integer.parseInt(f[1]), "row " + k + " covers the prompt and " + k + " tokens");
            double p = Double.parseDouble(f[2]);
            assertTrue(p > 0 && p <= 1, "probability " + p);
            assertTrue(Double.parseDouble(f[3]) >= 0, "entropy " + f[3]);
        }
    }

    @Test
    void t5SnippetLoadsTheModelAndNeedsATokenizer() {
        // the t5-gated fixture ships no tokenizer.json: the snippet compiles, loads the model, and stops there
        Path t5 = Path.of(System.getProperty("consumer.fixtures"), "t5-gated");
        TokenizerException e = assertThrows(TokenizerException.class, () -> ReadmeSnippets.t5(t5));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void evaluationReproducesTheReferenceHits(@TempDir Path tmp) throws Exception {
        // the first 32 eval prompts (those with reference relevances), so that CI stays quick
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            Files.copy(kv.resolve(file), tmp.resolve(file));
        }
        List<String> lines = Files.readAllLines(kv.resolve("eval.jsonl")).subList(0, REFERENCE_ROWS);
        Files.write(tmp.resolve("eval.jsonl"), lines);
        String table = stdout(() -> ReadmeSnippets.evaluate(tmp));
        for (String method : List.of("attnlrp", "cp_lrp")) {
            double expected = referenceHitAt1(method, lines);
            assertEquals(
                    expected,
                    tableValue(table, method.replace('_', '-'), "hit@1"),
                    1.0 / REFERENCE_ROWS + 1e-9,
                    method + " hit@1 on the first " + REFERENCE_ROWS + " prompts\n" + table);
        }
    }

    /** hit@1 as reference.json defines it, from the reference relevances: argmax over 1..end = source_position. */
    private static double referenceHitAt1(String method, List<String> lines) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(kv.resolve("reference.safetensors"))) {
            double[] all = f.read(method + ".tokens").toDoubles();
            int t = (int) f.info(method + ".tokens").shape()[1];
            int hits = 0;
            for (int row = 0; row < lines.size(); row++) {
                int best = 1;
                for (int i = 1; i < t; i++) {
                    if (all[row * t + i] > all[row * t + best]) {
                        best = i;
                    }
                }
                if (best
                        == new ObjectMapper()
                                .readTree(lines.get(row))
                                .get("source_position")
                                .asInt()) {
                    hits++;
                }
            }
            return hits / (double) lines.size();
        }
    }

    private static double tableValue(String table, String method, String column) {
        List<String> header = null;
        for (String line : table.split("\n")) {
            List<String> cells = List.of(line.strip().split("\\s+"));
            if (cells.get(0).equals("method")) {
                header = cells;
            } else if (header != null && cells.get(0).equals(method)) {
                assertTrue(header.contains(column), "no " + column + " column in\n" + table);
                return Double.parseDouble(cells.get(header.indexOf(column)));
            }
        }
        throw new AssertionError("no row " + method + " in\n" + table);
    }

    private static void assertRelevance(String who, double[] actual) {
        assertEquals(reference.length, actual.length, who + ": tokens");
        double maxRef = 0;
        double maxDiff = 0;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < actual.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(reference[i]));
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - reference[i]));
            dot += actual[i] * reference[i];
            na += actual[i] * actual[i];
            nb += reference[i] * reference[i];
        }
        assertTrue(maxDiff <= 1e-3 * maxRef, who + ": max|a-b| " + maxDiff + " > 1e-3 * " + maxRef);
        double cosine = dot / Math.sqrt(na * nb);
        assertTrue(cosine >= 0.9999, who + ": cosine " + cosine);
    }

    private static double[] lastArray(String text) {
        Matcher m = ARRAY.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertTrue(last != null, "no [...] in " + text);
        List<Double> values = new ArrayList<>();
        Matcher n = NUMBER.matcher(last);
        while (n.find()) {
            values.add(Double.parseDouble(n.group()));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    interface Snippet {
        void run() throws Exception;
    }

    private static String stdout(Snippet snippet) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            snippet.run();
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
