package io.github.lxt4j.models.bert;

import java.util.Map;

/** Bench presets of the BERT-like families: the shapes of the published configs, with a two-class head. */
final class BertPresets {
    private BertPresets() {}

    /** bert-base-uncased (110M parameters) as a sentiment classifier. */
    static final Map<String, String> BERT = Map.of("bert-base", """
            {"model_type": "bert", "architectures": ["BertForSequenceClassification"], "vocab_size": 30522,
             "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
             "hidden_act": "gelu", "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
             "pad_token_id": 0, "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}""");

    /** roberta-base (125M parameters) as a sentiment classifier. */
    static final Map<String, String> ROBERTA = Map.of("roberta-base", """
            {"model_type": "roberta", "architectures": ["RobertaForSequenceClassification"], "vocab_size": 50265,
             "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
             "hidden_act": "gelu", "max_position_embeddings": 514, "type_vocab_size": 1, "layer_norm_eps": 1e-5,
             "pad_token_id": 1, "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}""");

    /** distilbert-base-uncased-finetuned-sst-2-english (67M parameters). */
    static final Map<String, String> DISTILBERT = Map.of("distilbert-base", """
            {"model_type": "distilbert", "architectures": ["DistilBertForSequenceClassification"],
             "vocab_size": 30522, "dim": 768, "n_layers": 6, "n_heads": 12, "hidden_dim": 3072,
             "activation": "gelu", "max_position_embeddings": 512, "pad_token_id": 0,
             "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}""");
}
