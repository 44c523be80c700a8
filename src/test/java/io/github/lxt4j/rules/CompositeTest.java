package io.github.lxt4j.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Path globs, precedence, register/remove, and what each preset maps every op kind and site name to. */
class CompositeTest {

    private static final Rule EPS = new Rules.Epsilon();
    private static final Rule GAMMA = new Rules.Gamma(0.25);
    private static final Rule ZPLUS = new Rules.ZPlus();

    private static Rule rule(Composite c, OpKind kind, String path) {
        return c.ruleFor(Site.of(kind, path)).orElseThrow();
    }

    @Test
    void pathGlobsBeatKinds() {
        Composite c = Composite.builder("t")
                .kind(OpKind.LINEAR, EPS)
                .path("*.mlp.c_fc", GAMMA)
                .build();
        assertEquals(GAMMA, rule(c, OpKind.LINEAR, "visual.transformer.resblocks.0.mlp.c_fc"));
        assertEquals(EPS, rule(c, OpKind.LINEAR, "visual.transformer.resblocks.0.attn.out_proj"));
        // a path rule applies whatever the site's kind
        assertEquals(GAMMA, rule(c, OpKind.CONV2D, "x.mlp.c_fc"));
    }

    @Test
    void globStarMatchesAnyRunIncludingDots() {
        Composite c = Composite.builder("t").path("model.*.qk", GAMMA).build();
        assertEquals(GAMMA, rule(c, OpKind.MATMUL, "model.layers.11.self_attn.qk"));
        assertEquals(GAMMA, rule(c, OpKind.MATMUL, "model..qk"));
        assertFalse(c.ruleFor(Site.of(OpKind.MATMUL, "model.layers.0.self_attn.qk_norm"))
                .isPresent());
        assertFalse(c.ruleFor(Site.of(OpKind.MATMUL, "encoder.layers.0.qk")).isPresent());
        // regex metacharacters in a glob are literal
        Composite d = Composite.builder("t").path("a.(b)+", GAMMA).build();
        assertTrue(d.ruleFor(Site.of(OpKind.ADD, "a.(b)+")).isPresent());
        assertFalse(d.ruleFor(Site.of(OpKind.ADD, "a.bb")).isPresent());
    }

    @Test
    void laterPathEntriesWinOverEarlierOnes() {
        Composite c = Composite.builder("t")
                .path("*.proj", GAMMA)
                .path("model.*", ZPLUS)
                .build();
        assertEquals(ZPLUS, rule(c, OpKind.LINEAR, "model.x.proj"));
        assertEquals(GAMMA, rule(c, OpKind.LINEAR, "other.proj"));
        // re-adding a glob moves it to the front
        Composite d = Composite.builder("t")
                .path("*.proj", GAMMA)
                .path("model.*", ZPLUS)
                .path("*.proj", EPS)
                .build();
        assertEquals(EPS, rule(d, OpKind.LINEAR, "model.x.proj"));
        // toBuilder: the new entries win over the copied composite's
        Composite e = c.toBuilder("e").path("*.x.*", EPS).build();
        assertEquals(EPS, rule(e, OpKind.LINEAR, "model.x.proj"));
        assertEquals(ZPLUS, rule(c, OpKind.LINEAR, "model.x.proj"), "the original is unchanged");
    }

    @Test
    void kindsAndFallback() {
        Composite c = Composite.builder("t").kind(OpKind.LINEAR, EPS).build();
        assertFalse(c.ruleFor(Site.of(OpKind.ADD, "a")).isPresent(), "no rule for an unmapped kind");
        Composite f =
                Composite.builder("t").kind(OpKind.LINEAR, EPS).fallback(ZPLUS).build();
        assertEquals(ZPLUS, rule(f, OpKind.ADD, "a"));
        assertEquals(EPS, rule(f, OpKind.LINEAR, "a"));
    }

    @Test
    void registerAndRemoveRestoreThePreviousRules() {
        Site lin = Site.of(OpKind.LINEAR, "m.lin");
        Site add = Site.of(OpKind.ADD, "m.add");
        Site manual = Site.of(OpKind.SOFTMAX, "m.sm").setRule(new Rules.Identity());
        SiteProvider model = () -> List.of(lin, add, manual);
        assertFalse(lin.hasRule());
        assertTrue(lin.rule() instanceof Rules.Gradient, "an unregistered site applies the gradient");

        Composite c = Composite.builder("t")
                .kind(OpKind.LINEAR, GAMMA)
                .kind(OpKind.ADD, EPS)
                .build();
        assertSame(c, c.register(model));
        assertEquals(GAMMA, lin.rule());
        assertEquals(EPS, add.rule());
        assertEquals(new Rules.Identity(), manual.rule(), "a site the composite has no rule for is left alone");

        c.remove();
        assertFalse(lin.hasRule());
        assertFalse(add.hasRule());
        assertTrue(lin.rule() instanceof Rules.Gradient);
        assertTrue(add.rule() instanceof Rules.Gradient);
        assertEquals(new Rules.Identity(), manual.rule(), "remove() touches only the sites it set");

        // the last registered composite decides; removing it goes back to what was there before
        Composites.ATTN_LRP.register(model);
        Composites.CP_LRP.register(model);
        assertEquals(new Rules.StopRelevance(), manual.rule());
        Composites.CP_LRP.remove();
        assertEquals(new Rules.SoftmaxTaylor(), manual.rule());
        Composites.ATTN_LRP.remove();
        assertEquals(new Rules.Identity(), manual.rule());

        // a rule set by hand after registering survives remove()
        c.register(model);
        lin.setRule(ZPLUS);
        c.remove();
        assertEquals(ZPLUS, lin.rule());
        assertFalse(add.hasRule());
    }

    @Test
    void activationDecidesRulesOnItsThreadOnly() throws Exception {
        Site lin = Site.of(OpKind.LINEAR, "m.lin");
        Site manual = Site.of(OpKind.SOFTMAX, "m.sm").setRule(new Rules.Identity());
        Composite outer = Composite.builder("outer").kind(OpKind.LINEAR, EPS).build();
        Composite inner = Composite.builder("inner").kind(OpKind.LINEAR, GAMMA).build();
        try (Composite.Activation a = outer.activate()) {
            assertEquals(EPS, lin.rule());
            assertEquals(new Rules.Identity(), manual.rule(), "sites the composite does not cover keep their rule");
            assertFalse(lin.hasRule(), "activation writes nothing into the site");
            try (Composite.Activation b = inner.activate()) {
                assertEquals(GAMMA, lin.rule(), "the innermost activation wins");
            }
            assertEquals(EPS, lin.rule(), "closing restores the outer activation");
            java.util.concurrent.FutureTask<Rule> other = new java.util.concurrent.FutureTask<>(lin::rule);
            Thread t = new Thread(other);
            t.start();
            t.join();
            assertTrue(other.get() instanceof Rules.Gradient, "another thread does not see the activation");
        }
        assertTrue(lin.rule() instanceof Rules.Gradient);
    }

    private static Map<OpKind, Rule> attnLrpKinds() {
        Map<OpKind, Rule> m = new EnumMap<>(OpKind.class);
        m.put(OpKind.LINEAR, new Rules.Epsilon());
        m.put(OpKind.CONV2D, new Rules.Epsilon());
        m.put(OpKind.MATMUL, new Rules.UniformEpsilon());
        m.put(OpKind.SOFTMAX, new Rules.SoftmaxTaylor());
        m.put(OpKind.MUL, new Rules.Uniform());
        m.put(OpKind.DIV, new Rules.Epsilon());
        m.put(OpKind.ADD, new Rules.Epsilon());
        m.put(OpKind.SUB, new Rules.Epsilon());
        m.put(OpKind.MEAN, new Rules.Epsilon());
        m.put(OpKind.SUM, new Rules.Epsilon());
        m.put(OpKind.ROPE, new Rules.Epsilon());
        m.put(OpKind.SCALE, new Rules.Identity());
        m.put(OpKind.RMS_NORM, new Rules.Identity());
        m.put(OpKind.LAYER_NORM, new Rules.Epsilon());
        m.put(OpKind.NORMALIZE, new Rules.Identity());
        m.put(OpKind.ACTIVATION, new Rules.Identity());
        m.put(OpKind.EMBEDDING, new Rules.Identity());
        m.put(OpKind.STRUCTURAL, new Rules.Identity());
        return m;
    }

    @Test
    void attnLrpMapsEveryKind() {
        Map<OpKind, Rule> expected = attnLrpKinds();
        assertEquals(OpKind.values().length - 1, expected.size(), "every kind but CUSTOM has an AttnLRP rule");
        for (OpKind k : OpKind.values()) {
            if (k != OpKind.CUSTOM) {
                assertEquals(expected.get(k), rule(Composites.ATTN_LRP, k, "model.layers.0.some_op"), k.name());
            }
        }
        assertTrue(
                Composites.ATTN_LRP
                        .ruleFor(Site.custom("squared_relu", "m.act"))
                        .isEmpty(),
                "a custom op keeps the rule its site has");
        // the site names of lxt4j's modules: AttnLRP keys them by kind
        assertEquals(new Rules.UniformEpsilon(), rule(Composites.ATTN_LRP, OpKind.MATMUL, "m.layers.0.self_attn.qk"));
        assertEquals(new Rules.UniformEpsilon(), rule(Composites.ATTN_LRP, OpKind.MATMUL, "m.layers.0.self_attn.av"));
        assertEquals(new Rules.Identity(), rule(Composites.ATTN_LRP, OpKind.ACTIVATION, "m.layers.0.mlp.gate_act"));
        assertEquals(new Rules.Uniform(), rule(Composites.ATTN_LRP, OpKind.MUL, "m.layers.0.mlp.gate_mul"));
        assertEquals(new Rules.Uniform(), rule(Composites.ATTN_LRP, OpKind.MUL, "m.layers.0.moe.expert_mul"));
        assertTrue(Composites.ATTN_LRP.pathRules().isEmpty());
    }

    @Test
    void cpLrpSwapsAttentionAndGate() {
        Map<OpKind, Rule> expected = attnLrpKinds();
        expected.put(OpKind.SOFTMAX, new Rules.StopRelevance());
        for (OpKind k : OpKind.values()) {
            if (k != OpKind.CUSTOM) {
                assertEquals(expected.get(k), rule(Composites.CP_LRP, k, "model.layers.0.some_op"), k.name());
            }
        }
        assertEquals(new Rules.Epsilon(), rule(Composites.CP_LRP, OpKind.MATMUL, "m.layers.0.self_attn.av"));
        assertEquals(new Rules.UniformEpsilon(), rule(Composites.CP_LRP, OpKind.MATMUL, "m.layers.0.self_attn.qk"));
        assertEquals(new Rules.StopRelevance(), rule(Composites.CP_LRP, OpKind.ACTIVATION, "m.layers.0.mlp.gate_act"));
        assertEquals(new Rules.Identity(), rule(Composites.CP_LRP, OpKind.MUL, "m.layers.0.mlp.gate_mul"));
        assertEquals(new Rules.Uniform(), rule(Composites.CP_LRP, OpKind.MUL, "m.layers.0.moe.expert_mul"));
        assertEquals(new Rules.Identity(), rule(Composites.CP_LRP, OpKind.ACTIVATION, "m.layers.0.mlp.act"));
    }

    @Test
    void gradientMapsEverySiteToTheGradient() {
        for (OpKind k : OpKind.values()) {
            Optional<Rule> r = Composites.GRADIENT.ruleFor(Site.of(k, "model.layers.3.self_attn.av"));
            assertTrue(r.isPresent() && r.get() instanceof Rules.Gradient, k.name());
        }
    }

    @Test
    void customOpsByKindNameThenByCustomKind() {
        Site act = Site.custom("squared_relu", "m.layers.0.mlp.act");
        Site norm = Site.custom("scale_norm", "m.layers.0.norm");
        assertEquals(OpKind.CUSTOM, act.kind());
        assertEquals("squared_relu", act.kindName());
        assertEquals("linear", Site.of(OpKind.LINEAR, "m.x").kindName());
        Composite c = Composites.attnLrp()
                .toBuilderName("custom")
                .kind("squared_relu", new Rules.Identity())
                .kind(OpKind.CUSTOM, new Rules.Epsilon())
                .path("*.layers.0.norm", new Rules.StopRelevance())
                .build();
        assertEquals(new Rules.Identity(), c.ruleFor(act).orElseThrow(), "by kind name");
        assertEquals(new Rules.StopRelevance(), c.ruleFor(norm).orElseThrow(), "paths first");
        assertEquals(new Rules.Epsilon(), c.ruleFor(Site.custom("other", "m.o")).orElseThrow(), "then CUSTOM");
        assertEquals(
                new Rules.Epsilon(),
                c.toBuilder("copy").build().ruleFor(Site.custom("other", "m.o")).orElseThrow());
        assertEquals(
                new Rules.Identity(), c.toBuilder("copy").build().ruleFor(act).orElseThrow(), "copied");
        assertTrue(c.ruleFor(Site.of(OpKind.LINEAR, "squared_relu")).isPresent());
        assertEquals(
                new Rules.Epsilon(),
                c.ruleFor(Site.of(OpKind.LINEAR, "squared_relu")).orElseThrow(),
                "a kind name addresses custom sites only");
    }
}
