package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.io.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12, item 2: non-finite logits and relevance are typed errors naming the method, the row and the culprit. */
class FiniteCheckTest {

    @Test
    void nonFiniteTargetValueBlamesTheForwardPass() {
        NonFiniteResultException e = assertThrows(
                NonFiniteResultException.class,
                () -> FiniteCheck.row(Method.ATTNLRP, 3, Double.NaN, new double[] {1, 2}));
        assertEquals(
                "attnlrp: row 3: the explained target value is NaN; the model's forward pass produced"
                        + " non-finite logits, so the model (its config.json or weights) is at fault, not the explanation",
                e.getMessage());
    }

    @Test
    void nonFiniteRelevanceNamesThePosition() {
        NonFiniteResultException e = assertThrows(
                NonFiniteResultException.class,
                () -> FiniteCheck.row(Method.CP_LRP, 0, 1.5, new double[] {1, Double.POSITIVE_INFINITY}));
        assertEquals(
                "cp-lrp: the relevance of row 0 is Infinity at position 1 although the model's output is" + " finite",
                e.getMessage());
    }

    @Test
    void batchOutputsCheckTheLogitsFirstAndNameTheRow() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        out.put("attn_lrp.tokens", TensorData.ofDoubles(new double[] {0, 0, Double.NaN, 0}, 2, 2));
        out.put("logits_last", TensorData.ofDoubles(new double[] {1, 2, 3, Double.NaN, 5, 6}, 2, 3));
        NonFiniteResultException e =
                assertThrows(NonFiniteResultException.class, () -> FiniteCheck.batch(Method.ATTNLRP, out));
        assertEquals(
                "attnlrp: row 1: logits_last holds NaN; the model's forward pass produced non-finite logits,"
                        + " so the model (its config.json or weights) is at fault, not the explanation",
                e.getMessage());
        out.put("logits_last", TensorData.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        e = assertThrows(NonFiniteResultException.class, () -> FiniteCheck.batch(Method.ATTNLRP, out));
        assertEquals(
                "attnlrp: attn_lrp.tokens of row 1 holds NaN although the model's output is finite", e.getMessage());
    }

    @Test
    void finiteResultsPass() {
        FiniteCheck.row(Method.ATTNLRP, 0, -3, new double[] {0, -1e300, 1e300});
        FiniteCheck.batch(
                Method.ATTNLRP,
                Map.of(
                        "input_ids",
                        TensorData.ofLongs(new long[] {1, 2}, 1, 2),
                        "logits_last",
                        TensorData.ofDoubles(new double[] {1, 2}, 1, 2)));
        assertEquals(-1, FiniteCheck.firstNonFinite(new double[] {0, 1}));
        assertEquals(1, FiniteCheck.firstNonFinite(new double[] {0, Double.NEGATIVE_INFINITY}));
    }
}
