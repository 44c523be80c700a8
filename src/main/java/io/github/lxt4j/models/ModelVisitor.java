package io.github.lxt4j.models;

/**
 * Typed dispatch over the capabilities of {@link PretrainedModel}, without {@code instanceof}: {@code model.accept(v)}
 * calls the one method for the model's kind. Adding a kind adds a method here, so every visitor must handle it.
 *
 * @param <R> what the visit returns
 */
public interface ModelVisitor<R> {

    /** Decoder-only causal LMs: every family with the {@link CausalLm} capability. */
    R visitCausalLm(CausalLm model);

    /** Encoder-decoder LMs: every family with the {@link Seq2SeqLm} capability (T5, FLAN-T5, mT5). */
    R visitSeq2Seq(Seq2SeqLm model);

    /** Dual encoders: every family with the {@link DualEncoder} capability (CLIP, OpenCLIP). */
    R visitDualEncoder(DualEncoder model);

    /** Text classifiers: every family with the {@link TextClassifier} capability (BERT, RoBERTa, DistilBERT). */
    R visitTextClassifier(TextClassifier model);

    /** Image classifiers: every family with the {@link ImageClassifier} capability (ViT). */
    R visitImageClassifier(ImageClassifier model);
}
