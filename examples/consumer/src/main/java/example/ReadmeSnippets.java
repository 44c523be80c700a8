package example;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.eval.EvalDataset;
import io.github.lxt4j.eval.EvalOptions;
import io.github.lxt4j.eval.EvalProgress;
import io.github.lxt4j.eval.EvalReport;
import io.github.lxt4j.eval.Evaluator;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.GenerationAttribution;
import io.github.lxt4j.explain.GenerationExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.models.ImageClassifier;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.Seq2SeqLm;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Java snippets of the repository's README.md, each pasted verbatim as the body of one method (ReadmeSyncTest
 * fails when they drift apart). {@code dir} and {@code prompt} are the names the README introduces.
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** README "Java API": the tape, a composite and the target by hand; prints the logit and the relevance. */
    public static void byHand(Path dir, String prompt) throws Exception {
        try (TensorScope scope = TensorScope.open();
             LlamaForCausalLM model = LlamaForCausalLM.fromPretrained(dir, Backends.djl(Device.cpu()), DType.FLOAT32);
             HfTokenizer tokenizer = HfTokenizer.open(dir)) {
            long[] ids = tokenizer.encode(prompt).ids();
            Tensor inputIds = model.backend().fromLongs(ids, 1, ids.length);      // INT64 [1, T]
            // the composite decides the rule of every op recorded on this thread; the model itself is not modified
            try (Composite.Activation rules = Composites.ATTN_LRP.activate(); Tape tape = Tape.record()) {
                Var embeds = model.embed(inputIds).requireGrad();
                Var logits = model.forward(embeds);
                Var last = SliceOp.select(SliceOp.select(logits, 0, 0), 0, -1);     // [vocab]
                Var target = GatherOp.topk(last, 1, -1).values();                    // the max logit
                target.backward(target);                          // seed = the logit, as in LXT
                float[] relevance = embeds.grad().sum(-1, false).toFloatArray();     // per token
                System.out.println(target.value().toFloatArray()[0] + " " + Arrays.toString(relevance));
            }
        }
    }

    /** README "Java API": the CausalLmExplainer facade; prints tokens and relevance, then the target. */
    public static void explainer(Path dir, String prompt) throws Exception {
        try (TensorScope scope = TensorScope.open();
             CausalLmExplainer ex = new CausalLmExplainer(LlamaForCausalLM.fromPretrained(dir), HfTokenizer.open(dir))) {
            Explanation e = ex.explain(prompt, Target.argmax(), Method.ATTNLRP);
            System.out.println(Arrays.toString(e.tokens()) + " " + Arrays.toString(e.relevance()));
            System.out.println("target " + Arrays.toString(e.targetIds()) + " = " + e.targetValue());
        }
    }

    /** README "Mixtral and T5": T5Explainer. Needs a T5 folder with its tokenizer.json. */
    public static void t5(Path dir) throws Exception {
        try (TensorScope scope = TensorScope.open();
             T5Explainer ex = new T5Explainer(T5ForConditionalGeneration.fromPretrained(dir), HfTokenizer.open(dir))) {
            Seq2SeqExplanation e = ex.explain("translate English to German: the house is small", "Das", Target.argmax(),
                    Method.ATTNLRP);
            double[] source = e.sourceRelevance(), prefix = e.decoderRelevance();
        }
    }

    /** README "Evaluating explanations": prints the report table. */
    public static void evaluate(Path dir) throws IOException {
        try (TensorScope scope = TensorScope.open();
             CausalLmExplainer ex = new CausalLmExplainer(LlamaForCausalLM.fromPretrained(dir), HfTokenizer.open(dir))) {
            EvalReport report = new Evaluator(ex, EvalOptions.defaults()).run(EvalDataset.read(dir.resolve("eval.jsonl")),
                    List.of(Method.ATTNLRP, Method.CP_LRP), Map.of(), EvalProgress.none());
            System.out.print(report.toTable());           // or report.toJson()
        }
    }

    /**
     * README "Loading any checkpoint": a hub id resolved in the local HF cache (the test points HF_HUB_CACHE at a cache
     * that holds the demo model under that id); prints the family and the visitor's summary.
     */
    public static void autoModel() {
        try (PretrainedModel model = AutoModel.fromPretrained("TinyLlama/TinyLlama-1.1B-Chat-v1.0",
                LoadOptions.defaults().withDType(DType.FLOAT32))) {
            String summary = model.accept(new ModelVisitor<String>() {
                @Override
                public String visitCausalLm(CausalLm m) {
                    return m.numLayers() + "-layer decoder";        // every decoder family comes here
                }

                @Override
                public String visitSeq2Seq(Seq2SeqLm m) {
                    return "encoder-decoder";
                }

                @Override
                public String visitDualEncoder(DualEncoder m) {
                    return "CLIP";
                }

                @Override
                public String visitTextClassifier(TextClassifier m) {
                    return "text classifier";
                }

                @Override
                public String visitImageClassifier(ImageClassifier m) {
                    return "image classifier";
                }
            });
            System.out.println(model.family() + ": " + summary);
        }
    }

    /** README "Generation": three generated tokens, each explained on its own context; prints the matrix and scores. */
    public static void generation(CausalLmExplainer explainer, String prompt) {
        GenerationAttribution g = new GenerationExplainer(explainer).explain(prompt, 3, null, Method.ATTNLRP);
        double[][] matrix = g.relevance();          // row k: promptLength + k values
        double[] p = g.probabilities(), h = g.entropies();
        for (int k = 0; k < matrix.length; k++) {
            System.out.println(g.tokens()[g.promptLength() + k] + " " + matrix[k].length + " " + p[k] + " " + h[k]);
        }
    }
}
