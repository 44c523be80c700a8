package io.github.lxt4j.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Targets on bert-tiny-cls against expectations computed by hand from explanations the fixture checks: a label named
 * target reproduces the reference; a contrast is the difference of its two classes' relevance (every rule is linear
 * in the relevance it hands back, and the contrast's ε add gives logit(a) to a and −logit(b) to b); the probability
 * target is the Taylor (or gradient) combination of the classes' relevances.
 */
class BertTargetsTest {

    static final Map<String, TensorData> REF = BertFixtureTest.REF;
    static final long[][] IDS = Fixtures.rows(REF.get("input_ids"));
    static final long[][] TYPES = Fixtures.rows(REF.get("token_type_ids"));
    static final long[][] MASK = Fixtures.rows(REF.get("attention_mask"));

    private static ClassifierExplainer explainer(DType dtype) {
        return new ClassifierExplainer(
                BertClassifier.fromPretrained(Fixtures.dir("bert-tiny-cls"), LoadOptions.of(Backends.djl(), dtype)),
                null);
    }

    private static List<ClassifierExplanation> explain(ClassifierExplainer ex, Target t, Method m) {
        return ex.explainIds(IDS, TYPES, MASK, t, m, false);
    }

    @Test
    void labelNamedTargetsReproduceTheReference() {
        try (ClassifierExplainer ex = explainer(DType.FLOAT32)) {
            assertEquals(0, ex.label("LABEL_0"));
            assertEquals(1, ex.label("label_1"), "names match ignoring case when nothing matches exactly");
            assertEquals(2, ex.label("2"), "a class index");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ex.label("positive"));
            assertTrue(e.getMessage().contains("LABEL_0, LABEL_1, LABEL_2"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> ex.label("3"));
            // the reference explains each row's argmax: class 0 for row 0, class 1 for row 1
            Target t = Target.eachRow(List.of(Target.token(ex.label("LABEL_0")), Target.token(ex.label("LABEL_1"))));
            List<ClassifierExplanation> out = explain(ex, t, Method.ATTNLRP);
            double[] ref = REF.get("attnlrp.tokens").toDoubles();
            double[] logits = REF.get("logits").toDoubles();
            for (int b = 0; b < 2; b++) {
                ClassifierExplanation e0 = out.get(b);
                assertArrayEquals(new String[] {"LABEL_" + b}, e0.targetLabels());
                assertEquals(logits[b * 3 + b], e0.targetValue(), 1e-5);
                Compare.relevance32(
                        "row " + b, e0.relevance(), Arrays.copyOfRange(ref, b * 12, b * 12 + e0.relevance().length));
                assertEquals(b == 0 ? 12 : 9, e0.tokens().length, "pads are cut off");
            }
            assertThrows(InvalidInputException.class, () -> explain(ex, Target.token(3), Method.ATTNLRP));
        }
    }

    @Test
    void contrastIsTheDifferenceOfItsClasses() {
        try (ClassifierExplainer ex = explainer(DType.FLOAT64)) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
                List<ClassifierExplanation> a = explain(ex, Target.token(2), m);
                List<ClassifierExplanation> b = explain(ex, Target.token(0), m);
                List<ClassifierExplanation> d = explain(ex, Target.contrastive(2, 0), m);
                for (int r = 0; r < 2; r++) {
                    assertArrayEquals(new long[] {2, 0}, d.get(r).targetIds());
                    assertEquals(
                            a.get(r).targetValue() - b.get(r).targetValue(),
                            d.get(r).targetValue(),
                            1e-12);
                    Compare.relevance(
                            m + " row " + r + " words",
                            d.get(r).relevance(),
                            minus(a.get(r).relevance(), b.get(r).relevance()),
                            1e-8,
                            0.99999999);
                    Compare.relevance(
                            m + " row " + r + " positions",
                            d.get(r).positionRelevance(),
                            minus(a.get(r).positionRelevance(), b.get(r).positionRelevance()),
                            1e-8,
                            0.99999999);
                    Compare.relevance(
                            m + " row " + r + " token types",
                            d.get(r).tokenTypeRelevance(),
                            minus(a.get(r).tokenTypeRelevance(), b.get(r).tokenTypeRelevance()),
                            1e-8,
                            0.99999999);
                }
            }
        }
    }

    /**
     * softmax(x/T)_c at the argmax c. AttnLRP's Taylor rule hands logit i the relevance w_i = p_c (x_i/T)(δ_ic − s_i),
     * which is w_i/x_i = ∂p_c/∂x_i times class i's own explanation (seeded with x_i); gradient × input weighs class
     * i's gradient × input by the same ∂p_c/∂x_i = p_c (δ_ic − s_i)/T.
     */
    @Test
    void probabilityTargetCombinesTheClasses() {
        double temperature = 2.0;
        try (ClassifierExplainer ex = explainer(DType.FLOAT64)) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
                List<ClassifierExplanation> p = explain(ex, Target.probability(temperature), m);
                List<List<ClassifierExplanation>> perClass = List.of(
                        explain(ex, Target.token(0), m),
                        explain(ex, Target.token(1), m),
                        explain(ex, Target.token(2), m));
                for (int r = 0; r < 2; r++) {
                    double[] x = p.get(r).logits();
                    double[] s = softmax(x, temperature);
                    int c = p.get(r).predicted();
                    assertEquals(s[c], p.get(r).targetValue(), 1e-12);
                    double[] expected = new double[p.get(r).relevance().length];
                    for (int i = 0; i < 3; i++) {
                        double dpdx = s[c] * ((i == c ? 1 : 0) - s[i]) / temperature;
                        double[] ri = perClass.get(i).get(r).relevance();
                        for (int t = 0; t < expected.length; t++) {
                            expected[t] += dpdx * ri[t];
                        }
                    }
                    Compare.relevance(m + " row " + r, p.get(r).relevance(), expected, 1e-8, 0.99999999);
                }
            }
        }
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static double[] softmax(double[] x, double t) {
        double max = Arrays.stream(x).max().orElseThrow();
        double[] e = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp((x[i] - max) / t);
            sum += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= sum;
        }
        return e;
    }
}
