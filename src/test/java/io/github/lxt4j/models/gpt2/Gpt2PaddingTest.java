package io.github.lxt4j.models.gpt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Left padding with GPT-2's learned positions. FROM_MASK counts real tokens, so a padded row explains like the row
 * alone; INDEX gives every row 0..T−1 (HF's forward without position_ids), so a row padded by p sees its tokens at
 * positions p..T−1, which is the row alone with wpe shifted by p. Per-layer checkpointing changes nothing.
 */
class Gpt2PaddingTest {

    static final int PAD = 3;
    static final LoadOptions F64 = LoadOptions.of(Backends.djl(), DType.FLOAT64);

    /** Row 0: three pads then the fixture's row 0; row 1: three real tokens then the fixture's row 1. */
    static long[][] paddedIds() {
        long[][] rows = Fixtures.rows(Gpt2FixtureTest.REF.get("input_ids"));
        long[][] ids = new long[2][rows[0].length + PAD];
        System.arraycopy(rows[0], 0, ids[0], PAD, rows[0].length);
        System.arraycopy(rows[0], 0, ids[1], 0, PAD);
        System.arraycopy(rows[1], 0, ids[1], PAD, rows[1].length);
        return ids;
    }

    static long[][] paddedMask() {
        long[][] mask = new long[2][paddedIds()[0].length];
        Arrays.fill(mask[0], PAD, mask[0].length, 1);
        Arrays.fill(mask[1], 1);
        return mask;
    }

    @Test
    void fromMaskPositionsExplainAPaddedRowLikeTheRowAlone() {
        long[][] ids = paddedIds();
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex =
                        new CausalLmExplainer(Gpt2LMHeadModel.fromPretrained(Gpt2Checkpoints.fixture(), F64), null)) {
            List<Explanation> batch = ex.explainIds(ids, paddedMask(), Target.argmax(), Method.ATTNLRP, true);
            for (int b = 0; b < 2; b++) {
                long[] real = Arrays.copyOfRange(ids[b], b == 0 ? PAD : 0, ids[b].length);
                Explanation alone = ex.explainIds(new long[][] {real}, null, Target.argmax(), Method.ATTNLRP, true)
                        .get(0);
                Explanation padded = batch.get(b);
                int offset = ids[b].length - real.length;
                assertEquals(alone.targetValue(), padded.targetValue(), 1e-9, "row " + b + " target");
                for (int i = 0; i < offset; i++) {
                    assertEquals(0.0, padded.relevance()[i], 0.0, "pad " + i);
                    for (double[] layer : padded.layerRelevance()) {
                        assertEquals(0.0, layer[i], 0.0, "latent relevance of pad " + i);
                    }
                }
                for (int i = 0; i < real.length; i++) {
                    assertEquals(alone.relevance()[i], padded.relevance()[offset + i], 1e-9, "row " + b + " " + i);
                    for (int l = 0; l < 2; l++) {
                        assertEquals(
                                alone.layerRelevance()[l][i],
                                padded.layerRelevance()[l][offset + i],
                                1e-9,
                                "row " + b + " layer " + l + " position " + i);
                    }
                }
            }
        }
    }

    @Test
    void indexPositionsShiftAPaddedRowsPositionEmbeddings() {
        long[][] ids = paddedIds();
        int t = ids[0].length;
        double[] wpe;
        try (SafetensorsFile f = SafetensorsFile.open(Gpt2Checkpoints.fixture().resolve("model.safetensors"))) {
            wpe = f.read("transformer.wpe.weight").toDoubles();
        }
        try (TensorScope s = TensorScope.open();
                Gpt2LMHeadModel m = Gpt2LMHeadModel.fromPretrained(Gpt2Checkpoints.fixture(), F64)) {
            int h = (int) m.config().hiddenSize();
            long vocab = m.vocabSize();
            double[] index = lastLogits(
                    m,
                    m.embed(ids(m, ids)),
                    paddedMask(),
                    DecoderOptions.defaults().withPositions(DecoderOptions.Positions.INDEX));
            double[] fromMask = lastLogits(m, m.embed(ids(m, ids)), paddedMask(), DecoderOptions.defaults());

            // by hand: row 0's real tokens alone, with wpe[PAD + i] in place of wpe[i]
            long[] real = Arrays.copyOfRange(ids[0], PAD, t);
            double[] shift = new double[real.length * h];
            for (int i = 0; i < real.length; i++) {
                for (int d = 0; d < h; d++) {
                    shift[i * h + d] = wpe[(PAD + i) * h + d] - wpe[i * h + d];
                }
            }
            Tensor emb = m.embed(ids(m, new long[][] {real}))
                    .value()
                    .add(m.backend().fromDoubles(shift, DType.FLOAT64, 1, real.length, h));
            double[] byHand = lastLogits(m, Var.constant(emb), null, DecoderOptions.defaults());

            double moved = 0;
            for (int v = 0; v < vocab; v++) {
                assertEquals(byHand[v], index[v], 1e-9, "row 0 logit " + v);
                moved = Math.max(moved, Math.abs(index[v] - fromMask[v]));
                // row 1 has no padding: both position schemes are 0..T−1
                assertEquals(fromMask[(int) vocab + v], index[(int) vocab + v], 1e-12, "row 1 logit " + v);
            }
            assertTrue(moved > 1e-3, "INDEX moved row 0's logits by only " + moved);
        }
    }

    private static Tensor ids(Gpt2LMHeadModel m, long[][] rows) {
        long[] flat = new long[rows.length * rows[0].length];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, flat, b * rows[0].length, rows[0].length);
        }
        return m.backend().fromLongs(flat, rows.length, rows[0].length);
    }

    private static double[] lastLogits(Gpt2LMHeadModel m, Var embeds, long[][] mask, DecoderOptions options) {
        return m.forward(embeds, mask, options.lastOnly()).value().toDoubleArray();
    }

    @Test
    void layerCheckpointingGivesTheSameRelevance() {
        long[][] ids = Fixtures.rows(Gpt2FixtureTest.REF.get("input_ids"));
        double[] reference = Gpt2FixtureTest.REF.get("attnlrp_float64.tokens").toDoubles();
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex =
                        new CausalLmExplainer(Gpt2LMHeadModel.fromPretrained(Gpt2Checkpoints.fixture(), F64), null)) {
            List<Explanation> plain = ex.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, true);
            List<Explanation> ckpt =
                    ex.checkpointLayers(true).explainIds(ids, null, Target.argmax(), Method.ATTNLRP, true);
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < ids[b].length; i++) {
                    assertEquals(plain.get(b).relevance()[i], ckpt.get(b).relevance()[i], 1e-12);
                    assertEquals(
                            plain.get(b).layerRelevance()[1][i], ckpt.get(b).layerRelevance()[1][i], 1e-12);
                    assertEquals(reference[b * ids[b].length + i], ckpt.get(b).relevance()[i], 1e-6);
                }
            }
        }
    }
}
