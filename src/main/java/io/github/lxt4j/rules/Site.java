package io.github.lxt4j.rules;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One place in a model where an op is applied, such as {@code model.layers.0.self_attn.q_proj}. The op reads its rule
 * when recorded: the rule of the composite {@link Composite#activate() active} on the thread if it covers the site,
 * else the site's own rule (set directly or by {@link Composite#register}), else the {@link Rules.Gradient} rule.
 */
public final class Site {

    private static final Rule DEFAULT = new Rules.Gradient();

    private final OpKind kind;
    private final String kindName;
    private final String path;
    private volatile Rule rule;

    public Site(OpKind kind, String path) {
        this(kind, Objects.requireNonNull(kind).name().toLowerCase(Locale.ROOT), path);
    }

    private Site(OpKind kind, String kindName, String path) {
        this.kind = kind;
        this.kindName = Objects.requireNonNull(kindName);
        this.path = Objects.requireNonNull(path);
    }

    /** A site outside any model, for ad-hoc graphs; its rule can still be set directly. */
    public static Site of(OpKind kind, String path) {
        return new Site(kind, path);
    }

    /**
     * A site of an op written outside lxt4j: kind {@link OpKind#CUSTOM}, with a kind name of its own (e.g.
     * {@code "squared_relu"}) that composites can address across models.
     */
    public static Site custom(String kindName, String path) {
        if (kindName.isBlank()) {
            throw new IllegalArgumentException("a custom site at '" + path + "' needs a kind name");
        }
        return new Site(OpKind.CUSTOM, kindName, path);
    }

    public OpKind kind() {
        return kind;
    }

    /** The kind's name: the lower-case {@link OpKind} name, or the name given to a {@link #custom} site. */
    public String kindName() {
        return kindName;
    }

    public String path() {
        return path;
    }

    /** The rule in force on this thread. */
    public Rule rule() {
        Composite active = Composite.active();
        if (active != null) {
            Optional<Rule> r = active.ruleFor(this);
            if (r.isPresent()) {
                return r.get();
            }
        }
        Rule r = rule;
        return r == null ? DEFAULT : r;
    }

    /** Whether the site has a rule of its own (set directly or by a registered composite). */
    public boolean hasRule() {
        return rule != null;
    }

    /** The site's own rule, null when it has none. */
    Rule ownRule() {
        return rule;
    }

    /** Sets the site's own rule; null clears it. */
    public Site setRule(Rule rule) {
        this.rule = rule;
        return this;
    }

    public void clearRule() {
        this.rule = null;
    }

    @Override
    public String toString() {
        return path + " [" + (kind == OpKind.CUSTOM ? kindName : kind) + " → " + rule().describe() + "]";
    }
}
