package io.github.lxt4j.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps op sites to rules, by module-path pattern (checked first; of several matching patterns the one added last
 * wins), then by the kind name of a custom op's site ({@link Site#custom}), then by op kind, then by the fallback.
 * Path patterns are globs over the site path: {@code *} matches any run of characters, dots included.
 *
 * <p>Two ways to apply it. {@link #activate} makes it decide the rules of every op recorded on the current thread
 * until the activation is closed, without touching any model: the explainers do this, so any number of threads can
 * explain with any composites at once, even on one model. {@link #register} instead writes the rules into a model's
 * sites, for every thread, until {@link #remove} puts back the rules they had before.
 */
public final class Composite {

    private static final ThreadLocal<Composite> ACTIVE = new ThreadLocal<>();

    private final String name;
    private final Map<String, Rule> byPath;
    private final Map<String, Rule> byCustomKind;
    private final Map<OpKind, Rule> byKind;
    private final Rule fallback;
    /** Sites this composite wrote to, with the rule each held before (null: none). */
    private final Map<Site, Rule> registered = new IdentityHashMap<>();

    private Composite(
            String name,
            Map<String, Rule> byPath,
            Map<String, Rule> byCustomKind,
            Map<OpKind, Rule> byKind,
            Rule fallback) {
        this.name = name;
        this.byPath = byPath;
        this.byCustomKind = byCustomKind;
        this.byKind = byKind;
        this.fallback = fallback;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The rule this composite gives a site, or empty if it leaves the site alone. */
    public Optional<Rule> ruleFor(Site site) {
        for (Map.Entry<String, Rule> e : byPath.entrySet()) {
            if (glob(e.getKey()).matcher(site.path()).matches()) {
                return Optional.of(e.getValue());
            }
        }
        Rule r = site.kind() == OpKind.CUSTOM ? byCustomKind.get(site.kindName()) : null;
        if (r == null) {
            r = byKind.get(site.kind());
        }
        return Optional.ofNullable(r != null ? r : fallback);
    }

    /** An {@link #activate() activation}; closing it restores the composite that was active before. */
    public interface Activation extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Makes this composite decide the rule of every site recorded on this thread, ahead of the sites' own rules, until
     * the returned activation is closed. Activations nest: the innermost wins.
     */
    public Activation activate() {
        Composite outer = ACTIVE.get();
        ACTIVE.set(this);
        Thread owner = Thread.currentThread();
        return () -> {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("an activation of " + this + " must be closed on its own thread");
            }
            if (outer == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(outer);
            }
        };
    }

    /** The composite activated on this thread, if any. */
    static Composite active() {
        return ACTIVE.get();
    }

    /** Sets this composite's rules on every site of {@code model}, for all threads, until {@link #remove}. */
    public synchronized Composite register(SiteProvider model) {
        for (Site s : model.sites()) {
            Optional<Rule> r = ruleFor(s);
            if (r.isPresent()) {
                Rule before = s.ownRule();
                registered.putIfAbsent(s, before);
                s.setRule(r.get());
            }
        }
        return this;
    }

    /**
     * Puts back the rules the sites had before {@link #register}; a site whose rule was changed since keeps it.
     */
    public synchronized void remove() {
        for (Map.Entry<Site, Rule> e : registered.entrySet()) {
            Site s = e.getKey();
            Optional<Rule> ours = ruleFor(s);
            if (ours.isPresent() && s.ownRule() == ours.get()) {
                s.setRule(e.getValue());
            }
        }
        registered.clear();
    }

    /** A copy with more entries; later entries win over this composite's. */
    public Builder toBuilder(String newName) {
        Builder b = new Builder(newName);
        b.byPath.putAll(byPath);
        b.byCustomKind.putAll(byCustomKind);
        b.byKind.putAll(byKind);
        b.fallback = fallback;
        return b;
    }

    public Map<String, Rule> pathRules() {
        return Collections.unmodifiableMap(byPath);
    }

    /** The rules by the kind name of custom ops' sites. */
    public Map<String, Rule> customKindRules() {
        return Collections.unmodifiableMap(byCustomKind);
    }

    public Map<OpKind, Rule> kindRules() {
        return Collections.unmodifiableMap(byKind);
    }

    private static final Map<String, Pattern> GLOBS = new ConcurrentHashMap<>();

    static Pattern glob(String g) {
        return GLOBS.computeIfAbsent(g, k -> {
            StringBuilder regex = new StringBuilder();
            String[] parts = k.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(parts[i]));
            }
            return Pattern.compile(regex.toString());
        });
    }

    @Override
    public String toString() {
        return "Composite(" + name + ")";
    }

    /** Builds a composite; a path entry added later takes precedence over earlier ones (re-adding moves it up). */
    public static final class Builder {
        private final String name;
        private final Map<String, Rule> byPath = new LinkedHashMap<>();
        private final Map<String, Rule> byCustomKind = new LinkedHashMap<>();
        private final Map<OpKind, Rule> byKind = new EnumMap<>(OpKind.class);
        private Rule fallback;

        private Builder(String name) {
            this.name = name;
        }

        public Builder path(String glob, Rule rule) {
            byPath.remove(glob);
            List<Map.Entry<String, Rule>> old = new ArrayList<>(byPath.entrySet());
            byPath.clear();
            byPath.put(glob, rule);
            for (Map.Entry<String, Rule> e : old) {
                byPath.put(e.getKey(), e.getValue());
            }
            return this;
        }

        public Builder kind(OpKind kind, Rule rule) {
            byKind.put(kind, rule);
            return this;
        }

        /** A rule for every custom op whose site has this kind name ({@link Site#custom}); ahead of the op kinds. */
        public Builder kind(String customKind, Rule rule) {
            byCustomKind.put(customKind, rule);
            return this;
        }

        public Builder fallback(Rule rule) {
            this.fallback = rule;
            return this;
        }

        public Composite build() {
            return new Composite(
                    name,
                    new LinkedHashMap<>(byPath),
                    new LinkedHashMap<>(byCustomKind),
                    new EnumMap<>(byKind),
                    fallback);
        }

        /** A copy of this builder under another name. */
        public Builder toBuilderName(String newName) {
            Builder b = new Builder(newName);
            b.byPath.putAll(byPath);
            b.byCustomKind.putAll(byCustomKind);
            b.byKind.putAll(byKind);
            b.fallback = fallback;
            return b;
        }
    }
}
