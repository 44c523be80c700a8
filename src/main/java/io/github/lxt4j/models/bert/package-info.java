/**
 * BERT-family encoders and their classifiers: BERT, RoBERTa and XLM-R, DistilBERT ({@link BertModel}: embeddings,
 * post-LN layers, the pooler), one label per sequence ({@link BertForSequenceClassification}) or per token ({@link
 * BertForTokenClassification}), the key layouts of each variant ({@link BertVariant}, {@link BertWeights}); config and
 * bench presets (docs/models-classifiers.md).
 */
package io.github.lxt4j.models.bert;
