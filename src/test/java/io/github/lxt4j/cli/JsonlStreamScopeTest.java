package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.TokenScheme;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming many lines leaves no tensor in the enclosing scope: each batch frees what it made. */
class JsonlStreamScopeTest {

    @TempDir
    Path tmp;

    @Test
    void manyLinesLeaveNothingInTheEnclosingScope() {
        String[] lines = new String[41];
        for (int i = 0; i < lines.length; i++) {
            String prompt = i % 3 == 0 ? JsonlData.TWO_FACTS : JsonlData.SIX_FACTS;
            lines[i] = JsonlData.line(Map.of("id", i, "prompt", prompt));
        }
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), lines);
        Path out = tmp.resolve("out.jsonl");
        Path dir = DemoModel.folder();
        StringWriter progress = new StringWriter();
        try (TensorScope outer = TensorScope.open();
                CausalLmExplainer lm = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32), HfTokenizer.open(dir))) {
            int owned = outer.size();
            try (PromptReader reader = PromptReader.open(in.toString(), null);
                    JsonlSink sink = JsonlSink.open(out.toString(), null)) {
                new JsonlExplainMode(null, null, null, new PrintWriter(progress))
                        .stream(lm, Method.ATTNLRP, TokenScheme.WHITESPACE, 4, reader, sink);
            }
            assertEquals(owned, outer.size(), "tensors of the batches leaked into the enclosing scope");
        }
        var results = JsonlData.results(out);
        assertEquals(41, results.size());
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i, results.get(i).get("id").intValue(), "input order");
        }
        assertTrue(
                progress.toString().contains("[explain] 40 lines done\n[explain] 41 lines done"), progress.toString());
    }
}
