package io.github.lxt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.explain.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Aggregation over examples, n/a handling, and the JSON and table renderings, on hand-made results. */
class EvalReportTest {

    private static FaithfulnessCurves curves(double[] morf, double[] lerf) {
        int[] counts = {0, 1, 2};
        double[] x = {0, 0.5, 1};
        return new FaithfulnessCurves(
                new PerturbationCurve(PerturbationCurve.Order.MORF, new int[] {1, 2}, counts, x, morf, morf),
                new PerturbationCurve(PerturbationCurve.Order.LERF, new int[] {2, 1}, counts, x, lerf, lerf));
    }

    private static ExampleResult result(
            Integer rank, Boolean correct, double[] morf, double[] lerf, double relevanceSum) {
        EvalExample ex = new EvalExample("t:1", "p", correct == null ? null : "a", rank == null ? null : 1);
        return new ExampleResult(
                ex, Method.ATTNLRP, 5, correct, rank, curves(morf, lerf), new Conservation(2.0, relevanceSum));
    }

    @Test
    void summaryAveragesOverTheExamplesThatSupportEachFigure() {
        List<ExampleResult> rs = List.of(
                result(1, true, new double[] {1, 0, 0}, new double[] {1, 1, 1}, 2.0), // AUCs 0.25, 1
                result(3, false, new double[] {1, 1, 0}, new double[] {1, 1, 1}, 1.0), // AUCs 0.75, 1
                result(null, null, new double[] {0, 0, 0}, new double[] {1, 0, 0}, 3.0)); // AUCs 0, 0.25
        MethodSummary s = MethodSummary.of(
                Method.ATTNLRP, rs, List.of(Metric.hitAt(1), Metric.hitAt(3), Metric.ABPC, Metric.CONSERVATION));
        assertEquals(3, s.examples());
        assertEquals(2, s.answered());
        assertEquals(0.5, s.accuracy(), 0);
        assertEquals(2, s.sourced());
        assertEquals(0.5, s.hit(1), 0);
        assertEquals(1.0, s.hit(3), 0);
        assertEquals(1 / 3.0, s.aucMorf().get(CurveValue.LOGIT), 1e-15);
        assertEquals(0.75, s.aucLerf().get(CurveValue.LOGIT), 1e-15);
        assertEquals(0.75 - 1 / 3.0, s.abpc(CurveValue.LOGIT), 1e-15);
        assertEquals((0 + 0.5 + 0.5) / 3, s.conservationMean(), 1e-15);
        assertEquals(0.5, s.conservationMax(), 0);
    }

    @Test
    void jsonHasNullForNotApplicableAndOmitsWhatWasNotAskedFor() throws Exception {
        List<Metric> metrics = List.of(Metric.ACCURACY, Metric.hitAt(1), Metric.ABPC);
        MethodSummary s = MethodSummary.of(
                Method.CP_LRP,
                List.of(result(null, null, new double[] {1, 0, 0}, new double[] {1, 1, 1}, 2.0)),
                metrics);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("model", "m");
        EvalReport r = new EvalReport(setup, metrics, List.of(s));
        JsonNode j = new ObjectMapper().readTree(r.toJson());
        assertEquals("m", j.get("setup").get("model").asText());
        assertTrue(j.get("accuracy").isNull());
        JsonNode m = j.get("methods").get("cp-lrp");
        assertTrue(m.get("hit@1").isNull(), "no example has a source position");
        assertEquals(0, m.get("sourced").asInt());
        assertEquals(0.75, m.get("abpc").asDouble(), 1e-15);
        assertEquals(0.75, m.get("abpc_probability").asDouble(), 1e-15);
        assertFalse(m.has("conservation_error_mean"), "not asked for");
        String table = r.toTable();
        assertTrue(table.contains("n/a (no example has an answer)"), table);
        assertTrue(
                table.lines().anyMatch(l -> l.startsWith("cp-lrp") && l.contains("n/a") && l.contains("0.750")), table);
        assertFalse(table.contains("cons.err"), table);
    }
}
