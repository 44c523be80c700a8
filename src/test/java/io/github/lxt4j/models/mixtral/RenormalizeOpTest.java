package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.autograd.EpsilonCheck;
import io.github.lxt4j.autograd.GradCheck;
import io.github.lxt4j.autograd.Nd;
import io.github.lxt4j.autograd.Reference;
import io.github.lxt4j.autograd.TestBackends;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The routing-weight renormalisation w / Σw: Gradient against finite differences, ε against x ⊙ Jᵀ(R/stab(z)). */
class RenormalizeOpTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gradientAndEpsilon(Backend be) {
        Nd w = Reference.map(Nd.random(new Random(2), 3, 2), v -> 0.2 + Math.abs(v));
        GradCheck.check(
                "renormalize", be, in -> new Var[] {RenormalizeOp.apply(Site.of(OpKind.DIV, "renorm"), in[0])}, w);
        Site eps = Site.of(OpKind.DIV, "renorm").setRule(new Rules.Epsilon(0.05));
        EpsilonCheck.check("renormalize", be, in -> new Var[] {RenormalizeOp.apply(eps, in[0])}, 0.05, w);
    }
}
