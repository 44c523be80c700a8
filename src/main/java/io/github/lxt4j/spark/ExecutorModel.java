package io.github.lxt4j.spark;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.viz.TokenScheme;

/** A model loaded in an executor JVM, shared by the tasks of that JVM, with its tokenizer's {@link TokenScheme}. */
sealed interface ExecutorModel {

    TokenScheme scheme();

    /** The backend the model computes on. */
    default Backend backend() {
        if (this instanceof Decoder d) {
            return d.explainer().model().backend();
        }
        if (this instanceof Classifier c) {
            return c.explainer().model().backend();
        }
        return ((Seq2Seq) this).explainer().model().backend();
    }

    /** A causal LM (any family with the CausalLm capability). */
    record Decoder(CausalLmExplainer explainer, TokenScheme scheme) implements ExecutorModel {}

    /** T5 or mT5. */
    record Seq2Seq(T5Explainer explainer, TokenScheme scheme) implements ExecutorModel {}

    /** A sequence classifier (BERT, RoBERTa, XLM-R, DistilBERT): rows in the decoder columns, the label as token. */
    record Classifier(ClassifierExplainer explainer, TokenScheme scheme) implements ExecutorModel {}
}
