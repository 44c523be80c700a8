package io.github.lxt4j.models.bert;

/**
 * The encoders that share BERT's computation, and how each differs: the config field names, the checkpoint key
 * layout, how position ids are counted, token types, and the sequence classification head.
 */
public enum BertVariant {
    /** {@code bert}: learned positions 0..T−1, token types, pooler (dense + tanh on token 0) + classifier. */
    BERT("bert", "bert", "encoder.layer"),
    /**
     * {@code roberta}, {@code xlm-roberta}: positions counted from {@code pad_token_id + 1} over the non-pad tokens
     * (HF's {@code create_position_ids_from_input_ids}), a head of dense + tanh + out_proj on token 0, no pooler.
     */
    ROBERTA("roberta", "roberta", "encoder.layer"),
    /** {@code distilbert}: no token types, its own key names, a head of pre_classifier + ReLU + classifier. */
    DISTILBERT("distilbert", "distilbert", "transformer.layer");

    private final String family;
    private final String prefix;
    private final String layers;

    BertVariant(String family, String prefix, String layers) {
        this.family = family;
        this.prefix = prefix;
        this.layers = layers;
    }

    /** The registry family name. */
    public String family() {
        return family;
    }

    /** The base model's key prefix inside a task checkpoint ({@code bert}, {@code roberta}, {@code distilbert}). */
    public String prefix() {
        return prefix;
    }

    /** Where layer {@code i} lives under the base model. */
    String layer(int i) {
        return layers + "." + i;
    }

    boolean hasTokenTypes() {
        return this != DISTILBERT;
    }

    /** Self-attention projection names (query, key, value, output) under the layer. */
    String[] attentionNames() {
        return this == DISTILBERT
                ? new String[] {"attention.q_lin", "attention.k_lin", "attention.v_lin", "attention.out_lin"}
                : new String[] {
                    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"
                };
    }

    /** Where the attention core's sites go (q·kᵀ, softmax, attention·v) under the layer. */
    String attentionCore() {
        return this == DISTILBERT ? "attention" : "attention.self";
    }

    /** The norms after attention and after the feed-forward block, under the layer. */
    String[] normNames() {
        return this == DISTILBERT
                ? new String[] {"sa_layer_norm", "output_layer_norm"}
                : new String[] {"attention.output.LayerNorm", "output.LayerNorm"};
    }

    /** The feed-forward linears (in, out) under the layer. */
    String[] feedForwardNames() {
        return this == DISTILBERT
                ? new String[] {"ffn.lin1", "ffn.lin2"}
                : new String[] {"intermediate.dense", "output.dense"};
    }
}
