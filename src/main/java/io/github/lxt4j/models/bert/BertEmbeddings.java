package io.github.lxt4j.models.bert;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.TextEmbeddings;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.LayerNorm;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * BERT's embeddings: {@code LayerNorm(word + token_type + position)} (HF adds in this order; DistilBERT has no token
 * types). The three summands are separate Vars so that the word embeddings can be the explained input while the
 * others are constants; the sums are ADD sites {@code PATH.add_token_type} and {@code PATH.add_position} (ε: each
 * summand gets its share), the norm is {@code PATH.LayerNorm}.
 */
final class BertEmbeddings extends Module {

    private final BertConfig config;
    private final Embedding words;
    private final Embedding positions;
    private final Embedding tokenTypes;
    private final LayerNorm norm;
    private final Site addTokenType;
    private final Site addPosition;

    BertEmbeddings(BertWeights w) {
        super(w.base("embeddings"));
        config = w.config();
        long h = config.hiddenSize();
        String p = path();
        words = child(new Embedding(
                join(p, "word_embeddings"),
                w.source().table(join(p, "word_embeddings.weight"), config.vocabSize(), h),
                w.source().dtype()));
        positions = child(new Embedding(
                join(p, "position_embeddings"),
                w.source().table(join(p, "position_embeddings.weight"), config.maxPositionEmbeddings(), h),
                w.source().dtype()));
        tokenTypes = config.variant().hasTokenTypes()
                ? child(new Embedding(
                        join(p, "token_type_embeddings"),
                        w.source().table(join(p, "token_type_embeddings.weight"), config.typeVocabSize(), h),
                        w.source().dtype()))
                : null;
        // HF (< 4.31) saved the position-id buffer; it is 0..max-1, which the positions below compute
        w.source().has(join(p, "position_ids"));
        w.source().has(join(p, "token_type_ids"));
        norm = child(w.layerNorm(join(p, "LayerNorm"), config.layerNormEps()));
        addTokenType = site(OpKind.ADD, "add_token_type");
        addPosition = site(OpKind.ADD, "add_position");
    }

    /** The three summands for ids [B, T] (token types null: all 0), each a constant Var [B, T, hidden]. */
    TextEmbeddings embed(Tensor ids, Tensor tokenTypeIds) {
        long[] s = ids.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException("input ids must be [batch, length], got shape " + Arrays.toString(s));
        }
        int b = (int) s[0];
        int t = (int) s[1];
        if (t > config.maxPositions()) {
            throw new SequenceTooLongException(
                    t,
                    config.maxPositions(),
                    config.positionOffset() == 0
                            ? "max_position_embeddings"
                            : "max_position_embeddings - pad_token_id - 1");
        }
        Var word = words.lookup(ids);
        Var pos = positions.lookup(ids.backend().fromLongs(positionIds(ids.toLongArray(), b, t), b, t));
        Var types = null;
        if (tokenTypes != null) {
            Tensor tt = tokenTypeIds != null ? tokenTypeIds : ids.backend().fromLongs(new long[b * t], b, t);
            if (tokenTypeIds != null && !Arrays.equals(tt.shape(), s)) {
                throw new IllegalArgumentException(
                        "token_type_ids has shape " + Arrays.toString(tt.shape()) + ", the ids " + Arrays.toString(s));
            }
            types = tokenTypes.lookup(tt);
        }
        return new TextEmbeddings(word, pos, types);
    }

    /**
     * 0..T−1 per row (BERT, DistilBERT), or RoBERTa's count of the non-pad tokens up to each position, plus
     * {@code pad_token_id}, pads at {@code pad_token_id} (HF's {@code create_position_ids_from_input_ids}).
     */
    long[] positionIds(long[] ids, int b, int t) {
        long[] pos = new long[b * t];
        long offset = config.positionOffset();
        for (int r = 0; r < b; r++) {
            long count = 0;
            for (int i = 0; i < t; i++) {
                if (offset == 0) {
                    pos[r * t + i] = i;
                } else if (ids[r * t + i] == config.padTokenId()) {
                    pos[r * t + i] = config.padTokenId();
                } else {
                    pos[r * t + i] = config.padTokenId() + ++count;
                }
            }
        }
        return pos;
    }

    /** {@code LayerNorm(words + token_types + positions)}: the input of layer 0. */
    Var forward(TextEmbeddings e) {
        Var x = e.words();
        if (e.tokenTypes() != null) {
            x = AddOp.apply(addTokenType, x, e.tokenTypes());
        }
        return norm.forward(AddOp.apply(addPosition, x, e.positions()));
    }
}
