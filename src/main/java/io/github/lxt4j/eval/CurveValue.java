package io.github.lxt4j.eval;

/** Which model output a perturbation curve follows. */
public enum CurveValue {
    /** The target token's logit (the AttnLRP paper's choice; unbounded, so AUC and ABPC are in logit units). */
    LOGIT,
    /** The target token's softmax probability (bounded: AUC in [0, 1], ABPC in [-1, 1]). */
    PROBABILITY
}
