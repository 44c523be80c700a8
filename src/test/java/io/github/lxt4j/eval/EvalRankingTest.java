package io.github.lxt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import org.junit.jupiter.api.Test;

/** Relevance order, hit@k and their tie rules on hand-worked rows. */
class EvalRankingTest {

    // position 0 (BOS) has the largest relevance and must never count
    private static final double[] ROW = {9.0, 1.0, 3.0, 3.0, 0.0, -2.0};

    @Test
    void mostRelevantFirstSkipsPositionsBeforeFirstAndBreaksTiesByEarlierPosition() {
        assertArrayEquals(new int[] {2, 3, 1, 4, 5}, RelevanceOrder.mostRelevantFirst(ROW, 1));
        assertArrayEquals(new int[] {0, 2, 3, 1, 4, 5}, RelevanceOrder.mostRelevantFirst(ROW, 0));
        assertArrayEquals(
                new int[] {5, 4, 1, 3, 2},
                RelevanceOrder.leastRelevantFirst(ROW, 1),
                "LeRF is MoRF reversed, so the later of two equal positions comes first");
    }

    @Test
    void rankAndHitAtKFollowTheOrder() {
        assertEquals(1, RelevanceOrder.rank(ROW, 2, 1));
        assertEquals(2, RelevanceOrder.rank(ROW, 3, 1), "tied with position 2, which is earlier");
        assertEquals(5, RelevanceOrder.rank(ROW, 5, 1));
        assertTrue(HitAtK.hit(ROW, 2, 1, 1));
        assertFalse(HitAtK.hit(ROW, 3, 1, 1));
        assertTrue(HitAtK.hit(ROW, 3, 2, 1));
        assertFalse(HitAtK.hit(ROW, 1, 2, 1));
        assertTrue(HitAtK.hit(ROW, 1, 3, 1));
    }

    @Test
    void hitAtOneAgreesWithExplanationArgmax() {
        double[][] rows = {ROW, {0, 0, 0, 5}, {1, -1, 2, 2}, {0, 7, 7, 7}};
        for (double[] r : rows) {
            Explanation e = new Explanation(
                    new String[r.length],
                    new long[r.length],
                    r,
                    new double[r.length][1],
                    new long[] {0},
                    0,
                    null,
                    Method.ATTNLRP);
            assertTrue(HitAtK.hit(r, e.argmax(1), 1, 1));
        }
    }

    @Test
    void allEqualRelevanceRanksByPosition() {
        double[] flat = {0.5, 0.5, 0.5, 0.5};
        assertArrayEquals(new int[] {1, 2, 3}, RelevanceOrder.mostRelevantFirst(flat, 1));
        assertEquals(3, RelevanceOrder.rank(flat, 3, 1));
        assertTrue(HitAtK.hit(flat, 1, 1, 1));
        assertFalse(HitAtK.hit(flat, 2, 1, 1));
    }

    @Test
    void kAtLeastThePositionCountAlwaysHits() {
        assertTrue(HitAtK.hit(ROW, 5, 5, 1));
        assertTrue(HitAtK.hit(ROW, 5, 1000, 1));
    }

    @Test
    void rateIsTheFractionOfHits() {
        double[][] rows = {ROW, ROW, {0, 1, 2, 3, 4, 5}, {0, 5, 4, 3, 2, 1}};
        int[] sources = {2, 3, 5, 1};
        assertEquals(0.75, HitAtK.rate(rows, sources, 1, 1), 0);
        assertEquals(1.0, HitAtK.rate(rows, sources, 2, 1), 0);
    }

    @Test
    void badInputIsRejectedWithItsReason() {
        assertTrue(assertThrows(EvalInputException.class, () -> RelevanceOrder.mostRelevantFirst(new double[0], 1))
                .getMessage()
                .contains("nothing to rank"));
        assertThrows(EvalInputException.class, () -> RelevanceOrder.mostRelevantFirst(new double[] {1.0}, 1));
        assertTrue(assertThrows(EvalInputException.class, () -> HitAtK.hit(ROW, 0, 1, 1))
                .getMessage()
                .contains("outside the ranked positions 1..5"));
        assertThrows(EvalInputException.class, () -> HitAtK.hit(ROW, 6, 1, 1));
        assertTrue(assertThrows(EvalInputException.class, () -> HitAtK.hit(ROW, 2, 0, 1))
                .getMessage()
                .contains("k >= 1"));
        assertTrue(assertThrows(EvalInputException.class, () -> HitAtK.hit(new double[] {0, Double.NaN, 1}, 2, 1, 1))
                .getMessage()
                .contains("position 1 is NaN"));
        assertThrows(EvalInputException.class, () -> HitAtK.rate(new double[0][], new int[0], 1, 1));
        assertThrows(EvalInputException.class, () -> HitAtK.rate(new double[][] {ROW}, new int[] {1, 2}, 1, 1));
    }

    @Test
    void metricsParseAndRejectUnknownNames() {
        assertEquals(Metric.hitAt(3), Metric.parse(" HIT@3 "));
        assertEquals(Metric.ACCURACY, Metric.parse("accuracy"));
        assertEquals(
                java.util.List.of(Metric.ABPC, Metric.hitAt(1)),
                Metric.parseAll(java.util.List.of("abpc", "hit@1", "abpc")));
        for (String bad : new String[] {"hit@0", "hit@", "hit@x", "auc", "hit@-1", "hit@99999999999"}) {
            EvalInputException e = assertThrows(EvalInputException.class, () -> Metric.parse(bad));
            assertTrue(
                    e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("hit@K"), e.getMessage());
        }
        assertEquals("source_position", Metric.hitAt(2).requiredField());
        assertEquals("answer", Metric.ACCURACY.requiredField());
    }
}
