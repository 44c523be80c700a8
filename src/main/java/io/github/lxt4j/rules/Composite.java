package io.github.lxt4j.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps op sites to rules, by module-path pattern (checked first; of several matching patterns the one added last
 * wins) and then by op kind. Path patterns are globs over the site path: {@code *} matches any run of characters,
 * dots included.
 * {@link #register} sets the rules on every site of a model; {@link #remove} restores the sites it touched.
 */
public final class Composite {

    private final String name;
    private final Map<String, Rule> byPath;
    private final Map<OpKind, Rule> byKind;
    private final Rule fallback;
    private final Set<Site> registered = Collections.newSetFromMap(new IdentityHashMap<>());

    private Composite(String name, Map<String, Rule> byPath, Map<OpKind, Rule> byKind, Rule fallback) {
        this.name = name;
        this.byPath = byPath;
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
        Rule r = byKind.get(site.kind());
        return Optional.ofNullable(r != null ? r : fallback);
    }

    /** Sets this composite's rules on every site of {@code model}. */
    public synchronized Composite register(SiteProvider model) {
        for (Site s : model.sites()) {
            Optional<Rule> r = ruleFor(s);
            if (r.isPresent()) {
                s.setRule(r.get());
                registered.add(s);
            }
        }
        return this;
    }

    /** Clears the rules this composite set, so those sites apply the gradient again. */
    public synchronized void remove() {
        for (Site s : registered) {
            s.clearRule();
        }
        registered.clear();
    }

    /** A copy with more entries; later entries win over this composite's. */
    public Builder toBuilder(String newName) {
        Builder b = new Builder(newName);
        b.byPath.putAll(byPath);
        b.byKind.putAll(byKind);
        b.fallback = fallback;
        return b;
    }

    public Map<String, Rule> pathRules() {
        return Collections.unmodifiableMap(byPath);
    }

    public Map<OpKind, Rule> kindRules() {
        return Collections.unmodifiableMap(byKind);
    }

    private static final Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

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

        public Builder fallback(Rule rule) {
            this.fallback = rule;
            return this;
        }

        public Composite build() {
            return new Composite(name, new LinkedHashMap<>(byPath), new EnumMap<>(byKind), fallback);
        }

        /** A copy of this builder under another name. */
        public Builder toBuilderName(String newName) {
            Builder b = new Builder(newName);
            b.byPath.putAll(byPath);
            b.byKind.putAll(byKind);
            b.fallback = fallback;
            return b;
        }
    }
}
