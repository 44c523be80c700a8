package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seq2seq explainer: next token after a prefix, spans of generated tokens, targets, latent relevance. */
class T5ExplainerTest {

    static final Map<String, TensorData> REF = Fixtures.reference("t5-gated");
    static TensorScope scope;
    static T5Explainer explainer;
    static long[][] src;
    static long[][] dec;

    @BeforeAll
    static void load() {
        scope = TensorScope.open();
        explainer = new T5Explainer(
                T5ForConditionalGeneration.fromPretrained(Fixtures.dir("t5-gated"), Backends.djl(), DType.FLOAT64),
                null);
        src = rows(REF.get("input_ids"));
        dec = rows(REF.get("decoder_input_ids"));
    }

    @AfterAll
    static void close() {
        explainer.close();
        scope.close();
    }

    private static long[][] rows(TensorData d) {
        return io.github.lxt4j.explain.BatchArrays.rows(d);
    }

    private static double[] row(String key, int b) {
        double[] all = REF.get(key).toDoubles();
        int n = (int) REF.get(key).shape()[1];
        return Arrays.copyOfRange(all, b * n, (b + 1) * n);
    }

    @Test
    void nextTokenExplanationMatchesTheFixtureRow() {
        for (int b = 0; b < 2; b++) {
            Seq2SeqExplanation e = explainer
                    .explainIds(new long[][] {src[b]}, null, new long[][] {dec[b]}, Target.argmax(), Method.ATTNLRP)
                    .get(0);
            assertEquals(b == 0 ? 123 : 147, e.targetIds()[0]);
            Compare.relevance32("encoder", e.sourceRelevance(), row("attnlrp.encoder.tokens", b));
            Compare.relevance32("decoder", e.decoderRelevance(), row("attnlrp.decoder.tokens", b));
            assertEquals(b == 0 ? 35.116973876953125 : 36.3397331237793, e.totalRelevance(), 1e-3);
        }
    }

    @Test
    void spanExplainsEachGeneratedTokenOnItsOwnContext() {
        long[] prefix = dec[0];
        List<Seq2SeqExplanation> span = explainer.explainSpan(src[0], prefix, 3, Method.CP_LRP);
        assertEquals(3, span.size());
        assertEquals(123, span.get(0).targetIds()[0], "the first generated token is the fixture's argmax");
        long[] seq = explainer.generate(src[0], prefix, 3);
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            Seq2SeqExplanation e = span.get(k);
            assertEquals(prefix.length + k, e.decoderIds().length);
            assertEquals(seq[prefix.length + k], e.targetIds()[0]);
            // CP-LRP conserves: relevance sums to the explained logit (the fixture shows the same)
            assertEquals(e.targetValue(), e.totalRelevance(), 1e-6 * Math.abs(e.targetValue()));
            sum += e.targetValue();
        }
        Seq2SeqExplanation total = explainer.explainSpanSum(src[0], prefix, 3, Method.CP_LRP);
        assertArrayEquals(Arrays.copyOfRange(seq, prefix.length, seq.length), total.targetIds());
        assertEquals(sum, total.targetValue(), 1e-9 * Math.abs(sum), "teacher-forced logits are the same logits");
        assertEquals(sum, total.totalRelevance(), 1e-6 * Math.abs(sum));
        assertEquals(prefix.length + 2, total.decoderIds().length);
    }

    @Test
    void contrastiveTargetIsTheDifferenceOfTwoLogits() {
        Seq2SeqExplanation a = explainer
                .explainIds(new long[][] {src[0]}, null, new long[][] {dec[0]}, Target.token(123), Method.CP_LRP)
                .get(0);
        Seq2SeqExplanation b = explainer
                .explainIds(new long[][] {src[0]}, null, new long[][] {dec[0]}, Target.token(7), Method.CP_LRP)
                .get(0);
        Seq2SeqExplanation c = explainer
                .explainIds(
                        new long[][] {src[0]}, null, new long[][] {dec[0]}, Target.contrastive(123, 7), Method.CP_LRP)
                .get(0);
        assertEquals(a.targetValue() - b.targetValue(), c.targetValue(), 1e-9);
        assertEquals(c.targetValue(), c.totalRelevance(), 1e-6 * Math.abs(a.targetValue()));
    }

    @Test
    void layerRelevanceIsWrittenForBothStacks() {
        Map<String, TensorData> out = explainer.explainBatch(
                Map.of("input_ids", REF.get("input_ids"), "decoder_input_ids", REF.get("decoder_input_ids")),
                Method.CP_LRP,
                BatchOptions.defaults().withLayers(true));
        for (String k : new String[] {
            "cp_lrp.encoder.layer.0", "cp_lrp.encoder.layer.1", "cp_lrp.decoder.layer.0", "cp_lrp.decoder.layer.1"
        }) {
            assertTrue(out.containsKey(k), k);
            assertEquals(DType.FLOAT64, out.get(k).dtype());
        }
        assertArrayEquals(
                new long[] {2, 12, 64}, out.get("cp_lrp.encoder.layer.0").shape());
        assertArrayEquals(
                new long[] {2, 6, 64}, out.get("cp_lrp.decoder.layer.1").shape());
        // encoder block 0's input is the encoder embedding itself
        assertArrayEquals(
                out.get("cp_lrp.encoder.embeddings").toDoubles(),
                out.get("cp_lrp.encoder.layer.0").toDoubles(),
                1e-12);
    }
}
