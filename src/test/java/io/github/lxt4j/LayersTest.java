package io.github.lxt4j;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, read from the compiled main classes (every dependency, not only import lines):
 * tensor ← rules ← autograd ← nn ← models ← explain ← viz/eval/cli/bench, io beside them below models. Only tensor
 * touches the DJL and ND4J array APIs; io's tokenizer wrapper uses DJL's HuggingFace tokenizers.
 */
class LayersTest {

    private static final String ROOT = "io.github.lxt4j.";
    private static final String HF_TOKENIZER = ROOT + "io.HfTokenizer";
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.github.lxt4j");
    }

    /** No class of {@code layer} depends on a class of any of {@code forbidden}. */
    private static void forbid(String layer, String... forbidden) {
        String[] packages = Arrays.stream(forbidden).map(p -> ROOT + p + "..").toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage(ROOT + layer + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages)
                .because(layer + " sits below " + String.join(", ", forbidden))
                .check(main);
    }

    @Test
    void tensorDependsOnNothingAbove() {
        forbid("tensor", "rules", "autograd", "nn", "io", "models", "explain", "viz", "eval", "cli", "bench", "spark");
    }

    @Test
    void rulesDependOnlyOnTensor() {
        forbid("rules", "autograd", "nn", "io", "models", "explain", "viz", "eval", "cli", "bench", "spark");
    }

    @Test
    void autogradDependsOnlyOnRulesAndTensor() {
        forbid("autograd", "nn", "io", "models", "explain", "viz", "eval", "cli", "bench", "spark");
    }

    @Test
    void nnDependsOnlyOnAutogradRulesAndTensor() {
        forbid("nn", "io", "models", "explain", "viz", "eval", "cli", "bench", "spark");
    }

    @Test
    void ioDependsOnNoModelOrApplicationLayer() {
        forbid("io", "models", "explain", "viz", "eval", "cli", "bench", "spark");
    }

    @Test
    void modelsAreForwardOnly() {
        forbid("models", "explain", "viz", "eval", "cli", "bench", "spark");
    }

    @Test
    void explainDependsOnNoApplicationLayer() {
        forbid("explain", "viz", "eval", "cli", "bench", "spark");
    }

    @Test
    void vizRendersResultsWithoutAutograd() {
        forbid("viz", "autograd", "eval", "cli", "bench", "spark");
    }

    @Test
    void evalScoresExplanationsWithoutRenderingThem() {
        forbid("eval", "viz", "cli", "bench", "spark");
    }

    @Test
    void benchTimesTheLibraryAndNothingAbove() {
        forbid("bench", "viz", "eval", "cli", "spark");
    }

    @Test
    void vizDrawsExplainResultsOnly() {
        forbid("viz", "tensor", "rules", "autograd", "nn", "models", "eval", "cli", "bench", "spark");
    }

    /**
     * Capabilities, not classes: above models, nothing names a family package's class (models.llama, …).
     * {@code models.bnb} is no family: it reads and writes bitsandbytes checkpoints of any family.
     */
    @Test
    void noClassOutsideModelsNamesAFamilyClass() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + "models..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage(ROOT + "models.*..").and(not(resideInAPackage(ROOT + "models.bnb.."))))
                .because("upper layers dispatch on capabilities (CausalLm, Seq2SeqLm, DualEncoder), so that a new"
                        + " family touches nothing outside models")
                .check(main);
    }

    @Test
    void sparkSitsBelowTheCli() {
        forbid("spark", "cli", "bench", "eval");
    }

    @Test
    void onlyTensorTouchesDjlAndNd4j() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + "tensor..")
                .and()
                .doNotHaveFullyQualifiedName(HF_TOKENIZER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "org.nd4j..")
                .because("the backends are behind tensor.Tensor")
                .check(main);
    }

    @Test
    void hfTokenizerUsesOnlyDjlTokenizers() {
        noClasses()
                .that()
                .haveFullyQualifiedName(HF_TOKENIZER)
                .should()
                .dependOnClassesThat(
                        resideInAnyPackage("ai.djl..", "org.nd4j..").and(not(resideInAPackage("ai.djl.huggingface.."))))
                .because("io wraps DJL's HuggingFace tokenizers only")
                .check(main);
    }
}
