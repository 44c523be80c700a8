package io.github.lxt4j.models.bert;

import io.github.lxt4j.autograd.Checkpoint;
import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.models.EncoderMask;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.PaddingException;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.TextEmbeddings;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The BERT encoder (HF {@code BertModel}, {@code RobertaModel}, {@code DistilBertModel}): embeddings, post-LN layers
 * and, where the checkpoint has one, the pooler ({@code tanh(dense(h[:, 0]))}, activation site
 * {@code PATH.pooler.activation}). The classifiers are built on it; {@link #fromPretrained} loads it on its own.
 */
public final class BertModel extends Module implements AutoCloseable {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> layers = new ArrayList<>();
    private final Linear pooler;
    private final Site poolerAct;
    private final TensorScope weights;

    BertModel(BertWeights w, boolean withPooler) {
        super(w.base(""));
        this.config = w.config();
        this.weights = w.source().scope();
        embeddings = child(new BertEmbeddings(w));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(child(new BertLayer(w, i)));
        }
        long h = config.hiddenSize();
        pooler = withPooler ? child(w.linear(w.base("pooler.dense"), h, h)) : null;
        poolerAct = site(OpKind.ACTIVATION, "pooler.activation");
    }

    /**
     * Loads the encoder of a BERT-like checkpoint folder (a bare {@code BertModel} checkpoint or a task checkpoint,
     * whose head is then left unused), with its pooler when the checkpoint has one.
     */
    public static BertModel fromPretrained(Path dir, LoadOptions options) {
        BertConfig cfg = BertConfig.parse(PretrainedConfig.configJson(dir).json());
        return ModelBuilder.fromCheckpoint(dir, options, w -> {
            BertWeights bw = new BertWeights(w, cfg);
            return new BertModel(bw, cfg.variant() != BertVariant.DISTILBERT && w.has(bw.base("pooler.dense.weight")));
        });
    }

    public BertConfig config() {
        return config;
    }

    /** The word, position and token-type embeddings of ids [B, T] (token types null: all 0). */
    public TextEmbeddings embed(Tensor ids, Tensor tokenTypeIds) {
        return embeddings.embed(ids, tokenTypeIds);
    }

    /** Position ids of ids [B, T] as the model counts them (0..T−1, or RoBERTa's count from the pad id). */
    public long[] positionIds(long[] ids, int batch, int len) {
        return embeddings.positionIds(ids, batch, len);
    }

    /**
     * The last layer's output [B, T, hidden].
     *
     * @param attentionMask [B][T] of 0/1 with right padding, or null
     * @throws PaddingException for a mask that is not right-padded
     */
    public Var forward(TextEmbeddings e, long[][] attentionMask, EncoderOptions options) {
        EncoderMask.requireRightPadding(attentionMask);
        long[] s = e.words().shape();
        Tensor mask = EncoderMask.build(e.words().value().backend(), attentionMask, (int) s[0], (int) s[1]);
        Var x = embeddings.forward(e);
        for (BertLayer layer : layers) {
            if (options.layerInputs() != null) {
                options.layerInputs().add(x.retainGrad());
            }
            if (options.checkpointLayers() || !Tape.isRecording()) { // no tape: each layer frees its intermediates
                x = Checkpoint.run1(in -> layer.forward(in, mask), x);
            } else {
                x = layer.forward(x, mask);
            }
        }
        return x;
    }

    /**
     * The pooler's output {@code tanh(dense(hidden[:, 0]))} [B, hidden].
     *
     * @throws ModelLoadException when the checkpoint has no pooler
     */
    public Var pool(Var hidden) {
        if (pooler == null) {
            throw new ModelLoadException(config.source().source() + " has no pooler (" + path()
                    + ".pooler.dense): the model's head reads token 0 itself");
        }
        return ActivationOp.apply(poolerAct, pooler.forward(SliceOp.select(hidden, 1, 0)), Activation.TANH);
    }

    public int numLayers() {
        return layers.size();
    }

    /** Frees the weights (when loaded with {@link #fromPretrained}; a classifier closes its own). */
    @Override
    public void close() {
        weights.close();
    }
}
