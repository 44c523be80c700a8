package io.github.lxt4j.rules;

import java.util.Objects;

/**
 * One place in a model where an op is applied, such as {@code model.layers.0.self_attn.q_proj}. A composite sets its
 * rule; the op reads it when recorded. Without a registered composite a site applies the {@link Rules.Gradient} rule.
 */
public final class Site {

    private static final Rule DEFAULT = new Rules.Gradient();

    private final OpKind kind;
    private final String path;
    private volatile Rule rule;

    public Site(OpKind kind, String path) {
        this.kind = Objects.requireNonNull(kind);
        this.path = Objects.requireNonNull(path);
    }

    /** A site outside any model, for ad-hoc graphs; its rule can still be set directly. */
    public static Site of(OpKind kind, String path) {
        return new Site(kind, path);
    }

    public OpKind kind() {
        return kind;
    }

    public String path() {
        return path;
    }

    /** The rule currently in force. */
    public Rule rule() {
        Rule r = rule;
        return r == null ? DEFAULT : r;
    }

    public boolean hasRule() {
        return rule != null;
    }

    public Site setRule(Rule rule) {
        this.rule = rule;
        return this;
    }

    public void clearRule() {
        this.rule = null;
    }

    @Override
    public String toString() {
        return path + " [" + kind + " → " + rule().describe() + "]";
    }
}
