package io.github.lxt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Perturbation schedule, AUC and ABPC on a 4-token toy with a linear fake scorer, worked by hand. */
class EvalCurvesTest {

    /** logit = Σ weight(id) over positions 1.., probability = (logit + 10) / 20: both linear, easy by hand. */
    private static final class LinearScorer implements TargetScorer {
        final List<long[][]> batches = new ArrayList<>();

        @Override
        public Scores score(long[][] rows, long target) {
            batches.add(rows);
            double[] l = new double[rows.length];
            double[] p = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                for (int i = 1; i < rows[r].length; i++) {
                    l[r] += weight(rows[r][i]);
                }
                p[r] = (l[r] + 10) / 20;
            }
            return new Scores(l, p);
        }

        static double weight(long id) {
            return id == 10 ? 1 : id == 11 ? 4 : id == 12 ? -2 : 0;
        }
    }

    private static final long[] IDS = {1, 10, 11, 12};
    private static final double[] RELEVANCE = {100, 0.5, 2.0, -1.0};

    @Test
    void curvesAucAndAbpcMatchTheHandWorkedValues() {
        LinearScorer scorer = new LinearScorer();
        FaithfulnessCurves c = new Perturbation(scorer, 3, 0, 1).curves(IDS, RELEVANCE, 7);
        // MoRF removes positions 2 (w 4), 1 (w 1), 3 (w -2): logits 3, -1, -2, 0
        assertArrayEquals(new int[] {2, 1, 3}, c.morf().positions());
        assertArrayEquals(new double[] {3, -1, -2, 0}, c.morf().logits(), 1e-12);
        // LeRF removes 3, 1, 2: logits 3, 5, 4, 0
        assertArrayEquals(new double[] {3, 5, 4, 0}, c.lerf().logits(), 1e-12);
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 1}, c.morf().fractions(), 1e-12);
        assertArrayEquals(new int[] {0, 1, 2, 3}, c.lerf().counts());
        // AUC(MoRF) = (1/3)·[(3−1)/2 + (−1−2)/2 + (−2+0)/2] = −0.5; AUC(LeRF) = (1/3)·[4 + 4.5 + 2] = 3.5
        assertEquals(-0.5, c.morf().auc(CurveValue.LOGIT), 1e-12);
        assertEquals(3.5, c.lerf().auc(CurveValue.LOGIT), 1e-12);
        assertEquals(4.0, c.abpc(CurveValue.LOGIT), 1e-12);
        assertEquals(0.475, c.morf().auc(CurveValue.PROBABILITY), 1e-12);
        assertEquals(0.2, c.abpc(CurveValue.PROBABILITY), 1e-12);
    }

    @Test
    void allStepsOfBothCurvesGoToTheScorerAsOneBatchAndBosStays() {
        LinearScorer scorer = new LinearScorer();
        new Perturbation(scorer, 3, 0, 1).curves(IDS, RELEVANCE, 7);
        assertEquals(1, scorer.batches.size());
        long[][] rows = scorer.batches.get(0);
        assertEquals(8, rows.length, "2 · (steps + 1)");
        assertArrayEquals(IDS, rows[0]);
        assertArrayEquals(new long[] {1, 10, 0, 12}, rows[1]);
        assertArrayEquals(new long[] {1, 0, 0, 0}, rows[3], "last MoRF step: every perturbable position replaced");
        assertArrayEquals(IDS, rows[4]);
        assertArrayEquals(new long[] {1, 10, 11, 0}, rows[5]);
        for (long[] r : rows) {
            assertEquals(4, r.length);
            assertEquals(1, r[0], "BOS is never replaced");
        }
    }

    @Test
    void firstPositionZeroPerturbsEveryToken() {
        LinearScorer scorer = new LinearScorer();
        FaithfulnessCurves c = new Perturbation(scorer, 4, 0, 0).curves(IDS, RELEVANCE, 7);
        assertArrayEquals(new int[] {0, 2, 1, 3}, c.morf().positions());
        assertArrayEquals(new long[] {0, 0, 0, 0}, scorer.batches.get(0)[4]);
    }

    @Test
    void stepCountsRoundHalvesUpAndEndAtEveryPosition() {
        assertArrayEquals(new int[] {0, 3, 5, 8, 11, 14, 16, 19, 22, 24, 27}, Perturbation.counts(27, 10));
        assertArrayEquals(new int[] {0, 1, 1, 2, 2, 3, 3}, Perturbation.counts(3, 6));
        assertArrayEquals(new int[] {0, 5}, Perturbation.counts(5, 1));
    }

    @Test
    void moreStepsThanPositionsRepeatCountsWithZeroWidth() {
        LinearScorer scorer = new LinearScorer();
        FaithfulnessCurves c = new Perturbation(scorer, 6, 0, 1).curves(IDS, RELEVANCE, 7);
        assertEquals(7, c.morf().logits().length);
        assertEquals(-0.5, c.morf().auc(CurveValue.LOGIT), 1e-12, "same area as with one step per position");
    }

    @Test
    void trapezoidAreaOfKnownShapes() {
        assertEquals(0.5, PerturbationCurve.area(new double[] {0, 1}, new double[] {1, 0}), 0);
        assertEquals(2.0, PerturbationCurve.area(new double[] {0, 0.25, 1}, new double[] {2, 2, 2}), 1e-15);
        assertEquals(0.0, PerturbationCurve.area(new double[] {0}, new double[] {5}), 0);
    }

    @Test
    void badSettingsAreRejected() {
        LinearScorer s = new LinearScorer();
        assertThrows(EvalInputException.class, () -> new Perturbation(s, 0, 0, 1));
        assertThrows(EvalInputException.class, () -> new Perturbation(s, 3, 0, -1));
        assertThrows(EvalInputException.class, () -> new Perturbation(s, 3, 0, 1).curves(IDS, new double[3], 7));
        assertThrows(
                EvalInputException.class,
                () -> new Perturbation(s, 3, 0, 4).curves(IDS, RELEVANCE, 7),
                "no perturbable position");
    }

    @Test
    void conservationErrorIsRelativeToTheTarget() {
        assertEquals(0.25, new Conservation(4.0, 3.0).relativeError(), 1e-15);
        assertEquals(0.25, new Conservation(-4.0, -5.0).relativeError(), 1e-15);
        assertEquals(0.0, new Conservation(2.0, 2.0).relativeError(), 0);
    }
}
