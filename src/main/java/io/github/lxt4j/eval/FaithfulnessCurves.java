package io.github.lxt4j.eval;

/**
 * The MoRF and LeRF curves of one explained prompt and the area between them, ABPC = AUC(LeRF) − AUC(MoRF)
 * (Blücher et al., 2024): positive when removing the tokens the explanation calls relevant hurts the target more
 * than removing those it calls irrelevant; higher is more faithful.
 */
public record FaithfulnessCurves(PerturbationCurve morf, PerturbationCurve lerf) {

    public double abpc(CurveValue v) {
        return lerf.auc(v) - morf.auc(v);
    }
}
