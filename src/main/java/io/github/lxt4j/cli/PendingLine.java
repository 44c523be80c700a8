package io.github.lxt4j.cli;

import io.github.lxt4j.explain.Target;
import java.util.ArrayList;
import java.util.List;

/** A JSON Lines input line waiting in a batch: tokenized, with its target resolved. */
record PendingLine(PromptLine line, long[] ids, Target target) {

    /** The ids of each line of {@code batch}, in order. */
    static long[][] ids(List<PendingLine> batch) {
        long[][] ids = new long[batch.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).ids();
        }
        return ids;
    }

    /** The target of each line of {@code batch}, in order. */
    static List<Target> targets(List<PendingLine> batch) {
        List<Target> targets = new ArrayList<>();
        for (PendingLine p : batch) {
            targets.add(p.target());
        }
        return targets;
    }
}
