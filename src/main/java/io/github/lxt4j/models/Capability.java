package io.github.lxt4j.models;

/**
 * What a family's models can do, declared by its {@link ModelFamily} so that upper layers can check options before a
 * model is loaded. Each capability is also an interface of the loaded model ({@link CausalLm}, …), and
 * {@link ModelVisitor} dispatches on it.
 */
public enum Capability {
    /** {@link CausalLm}: decoder-only LMs. */
    CAUSAL_LM("causal LM"),
    /** Encoder-decoder LMs (T5). */
    SEQ2SEQ_LM("seq2seq LM"),
    /** Image and text towers compared by a similarity (CLIP). */
    DUAL_ENCODER("dual encoder"),
    /** {@link TextClassifier}: encoders with a sequence or token classification head (BERT, RoBERTa, DistilBERT). */
    TEXT_CLASSIFIER("text classifier"),
    /** {@link ImageClassifier}: vision transformers with a classification head (ViT). */
    IMAGE_CLASSIFIER("image classifier");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** For messages: {@code causal LM}, {@code seq2seq LM}, {@code dual encoder}, {@code text classifier}, …. */
    public String description() {
        return description;
    }
}
