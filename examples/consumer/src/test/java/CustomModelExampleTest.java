import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/**
 * examples/CustomModelExample.java, compiled here against the installed lxt4j (the pom adds it to the test sources;
 * it lives in the default package, as every single-file example does, and so does this test): a model that is not
 * a family, explained by the stock explainer and through the engine with its own composite; a γ-rule written outside
 * the library against Rules.Gamma; the custom op reached by its kind name.
 */
class CustomModelExampleTest {

    private static final CustomModelExample.Results RESULTS = CustomModelExample.run(Backends.djl(), DType.FLOAT32);

    @Test
    void theStockExplainerAndTheModelsCompositeAgree() {
        assertArrayEquals(RESULTS.explainer(), RESULTS.engine(), 1e-6);
        assertTrue(CustomModelExample.maxAbs(RESULTS.explainer()) > 1e-3, "relevance reached the tokens");
        for (double v : RESULTS.explainer()) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void theGammaRuleWrittenOutsideTheLibraryMatchesRulesGamma() {
        double scale = CustomModelExample.maxAbs(RESULTS.gammaLibrary());
        double diff = CustomModelExample.maxDiff(RESULTS.gammaUser(), RESULTS.gammaLibrary());
        assertTrue(diff <= 1e-5 * scale, "max|user - Rules.Gamma| = " + diff + " for max " + scale);
        assertTrue(
                CustomModelExample.maxDiff(RESULTS.gammaLibrary(), RESULTS.engine()) > 1e-3 * scale,
                "Gamma on the MLP changes the relevance");
    }

    @Test
    void aCompositeReachesTheCustomOpByItsKindName() {
        try (TensorScope scope = TensorScope.open();
                CustomModelExample.TinyPrimer model =
                        CustomModelExample.TinyPrimer.random(Backends.djl(), DType.FLOAT32)) {
            double[] stopped = CustomModelExample.explain(
                    model,
                    CustomModelExample.IDS,
                    CustomModelExample.TinyPrimer.COMPOSITE.toBuilder("stop at the squared ReLU")
                            .kind("squared_relu", new Rules.StopRelevance())
                            .build());
            assertTrue(CustomModelExample.maxDiff(stopped, RESULTS.engine()) > 1e-3, "the MLPs' share is gone");
        }
    }
}
