package io.github.lxt4j.eval;

import io.github.lxt4j.explain.Method;

/** Told after each batch how far an evaluation has come. */
@FunctionalInterface
public interface EvalProgress {

    void update(Method method, int done, int total);

    static EvalProgress none() {
        return (m, done, total) -> {};
    }
}
