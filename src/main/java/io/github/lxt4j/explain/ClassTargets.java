package io.github.lxt4j.explain;

import io.github.lxt4j.models.ClassLabels;

/** Checks that a {@link Target} of a classifier names classes of its head. */
final class ClassTargets {
    private ClassTargets() {}

    /**
     * @throws InvalidInputException for a class outside the head, or a target a classifier has no meaning for
     */
    static void check(Target target, ClassLabels labels) {
        if (target instanceof Target.Token t) {
            checkClass(t.id(), labels);
        } else if (target instanceof Target.PerRow p) {
            for (long id : p.ids()) {
                checkClass(id, labels);
            }
        } else if (target instanceof Target.EachRow e) {
            e.rows().forEach(r -> check(r, labels));
        } else if (target instanceof Target.Contrastive c) {
            checkClass(c.a(), labels);
            checkClass(c.b(), labels);
        } else if (target instanceof Target.ProbabilityDifference d) {
            checkClass(d.a(), labels);
            checkClass(d.b(), labels);
        } else if (target instanceof Target.Generated) {
            throw new InvalidInputException("a classifier has no generated tokens to explain");
        }
    }

    private static void checkClass(long id, ClassLabels labels) {
        if (id < 0 || id >= labels.size()) {
            throw new InvalidInputException("class " + id + " is outside the model's " + labels.size() + " classes"
                    + (labels.size() <= 20 ? " " + labels.names() : ""));
        }
    }
}
