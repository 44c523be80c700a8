package io.github.lxt4j.bench;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;

/**
 * Child-JVM body of {@link ExplanationMemoryTest}: explains one prompt over and over and prints
 * {@code RSS <after warm-up> <after the loop>} in bytes. A fixed small heap keeps the JVM's own growth out of RSS.
 */
public final class ExplanationMemoryProbe {
    private ExplanationMemoryProbe() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        long[][] prompt = {
            {1, 7, 4, 31, 5, 8, 4, 32, 5, 9, 4, 42, 5, 10, 4, 50, 5, 11, 4, 39, 5, 12, 4, 45, 5, 6, 10, 4}
        };
        Method[] methods = {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT};
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32), null)) {
            for (int i = 0; i < warmup; i++) {
                ex.explainIds(prompt, null, Target.argmax(), methods[i % 3], i % 10 == 0);
            }
            System.gc();
            long before = MemoryProbe.rss();
            long lowest = Long.MAX_VALUE;
            for (int i = 0; i < iterations; i++) {
                ex.explainIds(prompt, null, Target.argmax(), methods[i % 3], i % 10 == 0);
                if (i >= iterations - 400 && i % 100 == 0) {
                    lowest = Math.min(lowest, MemoryProbe.rss());
                }
            }
            System.gc();
            lowest = Math.min(lowest, MemoryProbe.rss());
            System.out.println("RSS " + before + " " + lowest);
        }
    }
}
