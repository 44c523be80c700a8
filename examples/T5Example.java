import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Explains a T5 model: the next output token after a decoder prefix with AttnLRP (relevance at the source and at the decoder input), then
 * three greedily generated tokens, each on its own, and their summed logits with CP-LRP.
 *
 * <pre>
 * ./lxt4j info    # builds target/lxt4j-cli.jar and target/classpath.txt once
 * java -cp "examples:target/lxt4j-cli.jar:$(cat target/classpath.txt)" \
 *     examples/T5Example.java [MODEL_DIR ["SOURCE TEXT"]]
 * </pre>
 * MODEL_DIR is an HF T5 / FLAN-T5 folder (config.json, safetensors, optionally tokenizer.json); the default is the
 * t5-gated test fixture, which has no tokenizer, so it explains token ids.
 */
public final class T5Example {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/t5-gated");
        boolean hasTokenizer = Files.isRegularFile(dir.resolve("tokenizer.json"));
        try (TensorScope scope = TensorScope.open();
                T5Explainer explainer = new T5Explainer(
                        T5ForConditionalGeneration.fromPretrained(dir, Backends.djl(), DType.FLOAT32),
                        hasTokenizer ? HfTokenizer.open(dir) : null)) {
            long[] source = hasTokenizer && args.length > 1
                    ? HfTokenizer.open(dir).encode(args[1]).ids()
                    : new long[] {176, 189, 241, 252, 277, 278, 120, 154, 82, 193, 147, 1}; // the fixture's row 0
            long[] prefix = hasTokenizer && args.length > 1
                    ? explainer.startPrefix()
                    : new long[] {0, 255, 217, 21, 166, 123}; // the fixture's decoder row 0

            Seq2SeqExplanation first = explainer
                    .explainIds(new long[][] {source}, null, new long[][] {prefix}, Target.argmax(), Method.ATTNLRP)
                    .get(0);
            System.out.printf(
                    "next token %d, logit %.4f, relevance: source %.4f + decoder %.4f%n",
                    first.targetIds()[0],
                    first.targetValue(),
                    Arrays.stream(first.sourceRelevance()).sum(),
                    Arrays.stream(first.decoderRelevance()).sum());
            for (int i = 0; i < source.length; i++) {
                System.out.printf("  %-12s % .4f%n", first.sourceTokens()[i], first.sourceRelevance()[i]);
            }

            List<Seq2SeqExplanation> span = explainer.explainSpan(source, prefix, 3, Method.CP_LRP);
            for (Seq2SeqExplanation e : span) {
                System.out.printf(
                        "generated %d after %s: most relevant source position %d (logit %.4f)%n",
                        e.targetIds()[0],
                        Arrays.toString(e.decoderIds()),
                        e.mostRelevantSourcePosition(),
                        e.targetValue());
            }
            Seq2SeqExplanation sum = explainer.explainSpanSum(source, prefix, 3, Method.CP_LRP);
            System.out.printf("sum of the 3 logits %.4f = relevance %.4f%n", sum.targetValue(), sum.totalRelevance());
        }
    }
}
