package io.github.lxt4j.models.bert;

import io.github.lxt4j.models.WeightSource;

/**
 * One label per token (HF {@code BertForTokenClassification} and its RoBERTa, XLM-R and DistilBERT twins: NER,
 * tagging): logits [B, T, labels] from {@code classifier} on every position of the encoder's output.
 */
public final class BertForTokenClassification extends BertClassifier {

    BertForTokenClassification(BertConfig config, WeightSource w) {
        super(config, w);
    }
}
