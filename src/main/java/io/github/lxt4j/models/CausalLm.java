package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * The causal-LM capability: a decoder-only model that embeds token ids, runs its forward on the tape from those
 * embeddings (so the embeddings are the relevance leaf) and returns next-token logits. Every decoder family
 * implements it (LLaMA, Mistral, Qwen2/3, Mixtral, Qwen3-MoE, Gemma 3, Phi-3, GPT-2), so explainers, the CLI,
 * {@code eval}, {@code bench} and Spark serve them all alike.
 */
public interface CausalLm extends PretrainedModel {

    /** Input embeddings for INT64 ids [B, T] as a constant Var (the relevance leaf), scaled where the family does. */
    Var embed(Tensor inputIds);

    /**
     * @param embeds [B, T, hidden], from {@link #embed(Tensor)}
     * @param attentionMask [B][T] of 0/1 with left padding, or null
     * @return logits [B, T, vocab], or [B, 1, vocab] with {@link DecoderOptions#lastOnly()}
     * @throws SequenceTooLongException if T exceeds {@link #maxPositions()}
     */
    Var forward(Var embeds, long[][] attentionMask, DecoderOptions options);

    long vocabSize();

    /** The longest input the model takes, in tokens ({@link Long#MAX_VALUE} where positions are unbounded). */
    long maxPositions();

    /** Decoder layers: the number of {@code layer.i} latent relevances. */
    int numLayers();

    /** The config's {@code pad_token_id}, or 0 when it has none (left padding; the pads are masked). */
    long padTokenId();

    /** The ids that end generation ({@code eos_token_id}: one id or a list), empty when the config has none. */
    Set<Long> eosTokenIds();

    /** The checkpoint's config as read, for fields an upper layer looks up by name (e.g. a baseline token). */
    JsonConfig configJson();

    /** FLOPs of a forward with the logits of the last position only, and of its AttnLRP relevance pass. */
    FlopCount flops(int batch, int seq);
}
