package io.github.lxt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Evaluation of bert-tiny-cls with its WordPiece test tokenizer: the perturbation curves follow the predicted class's
 * logit (step 0 is the text itself, every step a plain forward of the perturbed ids), accuracy compares label names.
 */
class ClassifierEvalTest {

    static final Path TOKENIZER = Path.of("src/test/resources/tokenizers/bert-tiny-cls/tokenizer.json");

    private static ClassifierExplainer explainer() {
        return new ClassifierExplainer(
                (TextClassifier) AutoModel.fromPretrained(
                        Fixtures.dir("bert-tiny-cls"), LoadOptions.of(Backends.djl(), DType.FLOAT32)),
                HfTokenizer.open(TOKENIZER));
    }

    @Test
    void curvesFollowThePredictedClassLogit() {
        try (ClassifierExplainer ex = explainer()) {
            ClassifierEvaluator ev =
                    new ClassifierEvaluator(ex, EvalOptions.defaults().withSteps(4));
            assertEquals(1, ev.baselineTokenId(), "[UNK], the tokenizer's unk token");
            EvalItem item = ev.encode(List.of(new EvalExample("t:1", "the movie was great fun", "LABEL_0", 3)))
                    .get(0);
            ClassifierExplanation e = ex.explainIds(
                            new long[][] {item.ids()}, null, null, Target.argmax(), Method.ATTNLRP, false)
                    .get(0);
            ExampleResult r = ev.score(item, e);
            assertEquals(e.predicted(), r.predicted());
            assertEquals(e.predicted() == 0, r.correct());
            assertEquals(e.targetValue(), r.curves().morf().logits()[0], 1e-5, "step 0 is the unperturbed text");
            assertEquals(e.targetValue(), r.curves().lerf().logits()[0], 1e-5);
            long[] all = item.ids().clone();
            for (int i = 1; i < all.length; i++) {
                all[i] = 1;
            }
            double last = ex.logits(new long[][] {all}, null, null)[0][e.predicted()];
            assertEquals(last, r.curves().morf().logits()[4], 1e-5, "step N replaces every position after [CLS]");
            assertEquals(last, r.curves().lerf().logits()[4], 1e-5);
            // [CLS] the movie was great fun [SEP]: 6 perturbable positions, round(k·6/4) replaced at step k
            assertArrayEquals(new int[] {0, 2, 3, 5, 6}, r.curves().morf().counts());
        }
    }

    @Test
    void runReportsEveryMethodAndChecksAnswers() {
        try (ClassifierExplainer ex = explainer()) {
            ClassifierEvaluator ev =
                    new ClassifierEvaluator(ex, EvalOptions.defaults().withSteps(2));
            List<EvalExample> data = List.of(
                    new EvalExample("d:1", "a good film", "LABEL_1", 2),
                    new EvalExample("d:2", "boring and bad", "LABEL_2", null));
            EvalReport report =
                    ev.run(data, List.of(Method.ATTNLRP, Method.GRADIENT_X_INPUT), Map.of(), (m, done, total) -> {});
            assertEquals(2, report.methods().size());
            assertTrue(report.method(Method.ATTNLRP).abpc(CurveValue.LOGIT) != null);
            assertEquals(2, report.setup().get("texts"));
            EvalInputException e = assertThrows(
                    EvalInputException.class,
                    () -> ev.encode(List.of(new EvalExample("d:3", "fine", "POSITIVE", null))));
            assertTrue(e.getMessage().contains("LABEL_0"), e.getMessage());
        }
    }
}
