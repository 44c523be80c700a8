package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kv-retrieval: accuracy and hit@1 of each method over the 300 eval prompts, and the first 32 token relevances. */
class KvRetrievalEvalTest {

    static java.util.stream.Stream<Backend> backends() {
        return io.github.lxt4j.testing.TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reproducesReferenceFigures(Backend backend) throws IOException {
        Path dir = Fixtures.dir("kv-retrieval");
        ObjectMapper json = new ObjectMapper();
        JsonNode reference = json.readTree(dir.resolve("reference.json").toFile());
        List<JsonNode> eval = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("eval.jsonl"))) {
            if (!line.isBlank()) {
                eval.add(json.readTree(line));
            }
        }
        assertEquals(300, eval.size());
        Map<String, TensorData> ref = Fixtures.reference("kv-retrieval");
        try (TensorScope s = TensorScope.open();
             HfTokenizer tok = HfTokenizer.open(dir);
             CausalLmExplainer ex = new CausalLmExplainer(
                     LlamaForCausalLM.fromPretrained(dir, backend, DType.FLOAT32), null)) {
            long[][] ids = new long[eval.size()][];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tok.encode(eval.get(i).get("prompt").asText()).ids();
            }
            long[][] refIds = Fixtures.rows(ref.get("input_ids"));
            for (int i = 0; i < refIds.length; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(refIds[i], ids[i], "tokenized prompt " + i);
            }
            int correct = 0;
            for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
                List<Explanation> exps = ex.explainIds(ids, null, Target.argmax(), m, false);
                int hits = 0;
                correct = 0;
                double[] first32 = new double[32 * ids[0].length];
                for (int i = 0; i < exps.size(); i++) {
                    Explanation e = exps.get(i);
                    long answer = tok.id(eval.get(i).get("answer").asText());
                    correct += e.targetIds()[0] == answer ? 1 : 0;
                    hits += e.argmax(1) == eval.get(i).get("source_position").asInt() ? 1 : 0;
                    if (i < 32) {
                        System.arraycopy(e.relevance(), 0, first32, i * ids[0].length, ids[0].length);
                    }
                }
                double hitAt1 = hits / 300.0;
                double expected = reference.get("source_hit_at_1").get(m.keyPrefix()).asDouble();
                assertEquals(expected, hitAt1, 0.01, backend.name() + " " + m + " hit@1");
                Compare.relevance32(backend.name() + " " + m + " first 32 token relevances", first32,
                        ref.get(m.keyPrefix() + ".tokens").toDoubles());
            }
            assertEquals(reference.get("eval_accuracy").asDouble(), correct / 300.0, 0.01, "accuracy");
        }
    }
}
