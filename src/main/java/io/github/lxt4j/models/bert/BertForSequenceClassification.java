package io.github.lxt4j.models.bert;

import io.github.lxt4j.models.WeightSource;

/**
 * One label per sequence (HF {@code BertForSequenceClassification}, {@code RobertaForSequenceClassification},
 * {@code XLMRobertaForSequenceClassification}, {@code DistilBertForSequenceClassification}): logits [B, labels] from
 * token 0, through BERT's pooler and {@code classifier}, RoBERTa's dense + tanh + out_proj, or DistilBERT's
 * pre_classifier + ReLU + classifier.
 */
public final class BertForSequenceClassification extends BertClassifier {

    BertForSequenceClassification(BertConfig config, WeightSource w) {
        super(config, w);
    }
}
