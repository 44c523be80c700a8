package io.github.lxt4j.cli;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.ExplainerVisitor;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.explain.T5Explainer;
import java.util.function.Supplier;

/**
 * An {@link ExplainerVisitor} for a CLI mode that serves only some families: every kind it does not override is
 * refused with the mode's own error.
 */
abstract class ModeDispatch<R> implements ExplainerVisitor<R> {
    private final Supplier<? extends RuntimeException> refusal;

    ModeDispatch(Supplier<? extends RuntimeException> refusal) {
        this.refusal = refusal;
    }

    @Override
    public R visitCausalLm(CausalLmExplainer explainer) {
        throw refusal.get();
    }

    @Override
    public R visitSeq2Seq(T5Explainer explainer) {
        throw refusal.get();
    }

    @Override
    public R visitClip(ClipExplainer explainer) {
        throw refusal.get();
    }

    @Override
    public R visitTextClassifier(ClassifierExplainer explainer) {
        throw refusal.get();
    }

    @Override
    public R visitImageClassifier(ImageClassifierExplainer explainer) {
        throw refusal.get();
    }
}
