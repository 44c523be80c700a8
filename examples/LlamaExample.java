import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.HtmlHeatmap;
import java.nio.file.Path;

/**
 * Explains a LLaMA-family model's next token with AttnLRP and writes an HTML heatmap.
 *
 * <pre>
 * ./lxt4j info    # builds target/lxt4j-cli.jar and target/classpath.txt once
 * java -cp "examples:target/lxt4j-cli.jar:$(cat target/classpath.txt)" \
 *     examples/LlamaExample.java MODEL_DIR "PROMPT"
 * </pre>
 * MODEL_DIR is an HF folder with config.json, model.safetensors (or shards) and tokenizer.json, for example
 * src/test/resources/fixtures/kv-retrieval.
 */
public final class LlamaExample {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/kv-retrieval");
        String prompt = args.length > 1
                ? args[1]
                : "alice likes red . bob likes blue . carol likes gold . "
                        + "dave likes figs . erin likes pink . frank likes plums . so dave likes";
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer explainer = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32), HfTokenizer.open(dir))) {
            Explanation e = explainer.explain(prompt, Target.argmax(), Method.ATTNLRP);
            for (int i = 0; i < e.tokens().length; i++) {
                System.out.printf("%-10s % .4f%n", e.tokens()[i], e.relevance()[i]);
            }
            new HtmlHeatmap().title("AttnLRP").write(Path.of("example-heatmap.html"), e.tokens(), e.relevance());
        }
    }
}
