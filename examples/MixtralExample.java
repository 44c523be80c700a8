import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.mixtral.MixtralForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Explains a Mixtral model's next token with AttnLRP (the router softmax, the top-k renormalisation and every expert
 * included) and compares it with gradient × input.
 *
 * <pre>
 * ./lxt4j info    # builds target/lxt4j-cli.jar and target/classpath.txt once
 * java -cp "examples:target/lxt4j-cli.jar:$(cat target/classpath.txt)" \
 *     examples/MixtralExample.java [MODEL_DIR ["PROMPT" | ID ID ...]]
 * </pre>
 * MODEL_DIR is an HF Mixtral folder (config.json, safetensors, optionally tokenizer.json); the default is the
 * mixtral-tiny test fixture, which has no tokenizer, so it explains token ids.
 */
public final class MixtralExample {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/mixtral-tiny");
        boolean hasTokenizer = Files.isRegularFile(dir.resolve("tokenizer.json"));
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer explainer = new CausalLmExplainer(
                        MixtralForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32),
                        hasTokenizer ? HfTokenizer.open(dir) : null)) {
            MixtralForCausalLM model = (MixtralForCausalLM) explainer.model();
            System.out.printf(
                    "%s: %d layers, %d experts, top-%d%n",
                    dir,
                    model.numLayers(),
                    model.moeConfig().numLocalExperts(),
                    model.moeConfig().numExpertsPerTok());
            for (Method method : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
                Explanation e;
                if (hasTokenizer && args.length == 2) {
                    e = explainer.explain(args[1], Target.argmax(), method);
                } else {
                    long[] ids = args.length > 1
                            ? Arrays.stream(args, 1, args.length)
                                    .mapToLong(Long::parseLong)
                                    .toArray()
                            : new long[] {1, 293, 40, 61, 275, 104, 248, 15, 35, 71, 165, 126, 163, 109
                            }; // the fixture's row 0
                    e = explainer
                            .explainIds(new long[][] {ids}, null, Target.argmax(), method, true)
                            .get(0);
                }
                System.out.printf(
                        "%n%s: target token %d, logit %.4f, relevance sum %.4f%n",
                        method.cliName(), e.targetIds()[0], e.targetValue(), e.totalRelevance());
                for (int i = 0; i < e.tokens().length; i++) {
                    System.out.printf("  %-12s % .4f%n", e.tokens()[i], e.relevance()[i]);
                }
            }
        }
    }
}
