import io.github.lxt4j.eval.CurveValue;
import io.github.lxt4j.eval.EvalDataset;
import io.github.lxt4j.eval.EvalOptions;
import io.github.lxt4j.eval.EvalReport;
import io.github.lxt4j.eval.Evaluator;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Evaluates AttnLRP and gradient × input on a JSON Lines dataset: accuracy, hit@k against the known source token,
 * perturbation curves (ABPC) and conservation (docs/eval.md).
 *
 * <pre>
 * ./lxt4j info    # builds target/lxt4j-cli.jar and target/classpath.txt once
 * java -cp "examples:target/lxt4j-cli.jar:$(cat target/classpath.txt)" \
 *     examples/EvalExample.java MODEL_DIR DATASET.jsonl N
 * </pre>
 * By default: the kv-retrieval fixture and its eval.jsonl, first 50 prompts.
 */
public final class EvalExample {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/kv-retrieval");
        Path data = args.length > 1 ? Path.of(args[1]) : dir.resolve("eval.jsonl");
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer explainer = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32), HfTokenizer.open(dir))) {
            Evaluator evaluator =
                    new Evaluator(explainer, EvalOptions.defaults().withSteps(20));
            EvalReport report = evaluator.run(
                    EvalDataset.read(data, limit),
                    List.of(Method.ATTNLRP, Method.GRADIENT_X_INPUT),
                    Map.of("model", dir.toString()),
                    (method, done, total) -> System.err.printf("%s %d/%d%n", method.cliName(), done, total));
            System.out.print(report.toTable());
            System.out.printf(
                    "AttnLRP ABPC %.3f (logit), %.3f (probability)%n",
                    report.method(Method.ATTNLRP).abpc(CurveValue.LOGIT),
                    report.method(Method.ATTNLRP).abpc(CurveValue.PROBABILITY));
        }
    }
}
