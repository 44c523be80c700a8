package io.github.lxt4j.models.bert;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.models.TextClassifier.Task;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/**
 * The classification heads of the BERT-like encoders, each as HF builds it ({@code classifier} keys at the top level
 * of the checkpoint): BERT's pooler + {@code classifier}; RoBERTa's {@code classifier.dense} + tanh +
 * {@code classifier.out_proj} on token 0; DistilBERT's {@code pre_classifier} + ReLU + {@code classifier} on token 0;
 * and the token classifier {@code classifier} on every token. Activation sites: {@code classifier.activation},
 * {@code pre_classifier.activation} (the pooler's is the encoder's).
 */
abstract class ClassificationHead extends Module {

    ClassificationHead(String path) {
        super(path);
    }

    /** Logits from the encoder's last output [B, T, hidden]: [B, labels] or [B, T, labels]. */
    abstract Var forward(Var hidden);

    /** The head of {@code config}'s task and variant. */
    static ClassificationHead of(BertWeights w, BertModel encoder) {
        BertConfig c = w.config();
        long h = c.hiddenSize();
        long labels = c.labels().size();
        if (c.task() == Task.TOKEN) {
            return new PerToken(w.head("classifier", labels, h));
        }
        switch (c.variant()) {
            case ROBERTA:
                return new FirstToken(
                        "classifier",
                        w.linear("classifier.dense", h, h),
                        Activation.TANH,
                        w.head("classifier.out_proj", labels, h));
            case DISTILBERT:
                return new FirstToken(
                        "pre_classifier",
                        w.linear("pre_classifier", h, h),
                        Activation.RELU,
                        w.head("classifier", labels, h));
            default:
                return new Pooled(encoder, w.head("classifier", labels, h));
        }
    }

    /** BERT: {@code classifier(pooler(hidden))}. */
    static final class Pooled extends ClassificationHead {
        private final BertModel encoder;
        private final Linear classifier;

        Pooled(BertModel encoder, Linear classifier) {
            super("classifier");
            this.encoder = encoder;
            this.classifier = child(classifier);
        }

        @Override
        Var forward(Var hidden) {
            return classifier.forward(encoder.pool(hidden));
        }
    }

    /** {@code out(act(dense(hidden[:, 0])))}: RoBERTa's and DistilBERT's heads. */
    static final class FirstToken extends ClassificationHead {
        private final Linear dense;
        private final Activation act;
        private final Site actSite;
        private final Linear out;

        FirstToken(String path, Linear dense, Activation act, Linear out) {
            super(path);
            this.dense = child(dense);
            this.act = act;
            this.actSite = site(OpKind.ACTIVATION, "activation");
            this.out = child(out);
        }

        @Override
        Var forward(Var hidden) {
            return out.forward(ActivationOp.apply(actSite, dense.forward(SliceOp.select(hidden, 1, 0)), act));
        }
    }

    /** Token classification: {@code classifier(hidden)} at every position. */
    static final class PerToken extends ClassificationHead {
        private final Linear classifier;

        PerToken(Linear classifier) {
            super("classifier");
            this.classifier = child(classifier);
        }

        @Override
        Var forward(Var hidden) {
            return classifier.forward(hidden);
        }
    }
}
