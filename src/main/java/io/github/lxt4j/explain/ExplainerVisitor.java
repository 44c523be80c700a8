package io.github.lxt4j.explain;

/**
 * Typed dispatch over the kinds of {@link BatchExplainable}, without {@code instanceof}: {@code explainer.accept(v)}
 * calls the one method for the explainer's kind (the explain-side twin of {@code ModelVisitor}).
 *
 * @param <R> what the visit returns
 */
public interface ExplainerVisitor<R> {

    /** Causal LMs: every family with the {@code CausalLm} capability. */
    R visitCausalLm(CausalLmExplainer explainer);

    /** Encoder-decoder LMs: T5, FLAN-T5, mT5. */
    R visitSeq2Seq(T5Explainer explainer);

    /** CLIP. */
    R visitClip(ClipExplainer explainer);

    /** Text classifiers: BERT, RoBERTa, XLM-R, DistilBERT (sequence and token classification). */
    R visitTextClassifier(ClassifierExplainer explainer);

    /** Image classifiers: ViT. */
    R visitImageClassifier(ImageClassifierExplainer explainer);
}
