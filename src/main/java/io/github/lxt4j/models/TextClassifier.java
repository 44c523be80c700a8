package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.tensor.Tensor;

/**
 * The text-classifier capability: a bidirectional encoder with a sequence or token classification head (BERT,
 * RoBERTa, XLM-R, DistilBERT). It embeds token ids into the summands of its input embedding (the word embeddings
 * are the relevance leaf; positions and token types are constants whose share is reported apart), runs its forward
 * on the tape from them and returns class logits. Batches are right-padded: the attention mask hides padded keys.
 */
public interface TextClassifier extends PretrainedModel {

    /** What the head classifies. */
    enum Task {
        /** One label per sequence ({@code *ForSequenceClassification}): logits [B, labels]. */
        SEQUENCE,
        /** One label per token ({@code *ForTokenClassification}): logits [B, T, labels]. */
        TOKEN
    }

    Task task();

    /** The head's classes ({@code id2label}) and how a distribution is read from the logits. */
    ClassLabels labels();

    /**
     * The input embeddings of INT64 ids [B, T], as constant Vars: word, position and token-type embeddings.
     *
     * @param tokenTypeIds INT64 [B, T], or null for all zeros (ignored by a model without token types)
     * @throws Embedding.InvalidTokenIdException for an id outside the vocabulary
     * @throws SequenceTooLongException if T exceeds {@link #maxPositions()}
     */
    TextEmbeddings embed(Tensor inputIds, Tensor tokenTypeIds);

    /**
     * @param embeds from {@link #embed}
     * @param attentionMask [B][T] of 0/1 with right padding, or null
     * @return logits [B, labels] ({@link Task#SEQUENCE}) or [B, T, labels] ({@link Task#TOKEN})
     */
    Var forward(TextEmbeddings embeds, long[][] attentionMask, EncoderOptions options);

    long vocabSize();

    /** The longest input the model takes, in tokens. */
    long maxPositions();

    /** Token types the model tells apart ({@code type_vocab_size}); 0 for a model without them. */
    int typeVocabSize();

    /** Encoder layers: the number of {@code layer.i} latent relevances. */
    int numLayers();

    /** The config's {@code pad_token_id}, or 0 when it has none (right padding; the pads are masked). */
    long padTokenId();

    /** The checkpoint's config as read. */
    JsonConfig configJson();

    /** FLOPs of a forward over {@code batch × seq} tokens, and of its AttnLRP relevance pass. */
    FlopCount flops(int batch, int seq);
}
