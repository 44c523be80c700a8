package io.github.lxt4j.nn;

import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.rules.SiteProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * A named part of a model. It owns its op {@link Site}s (named {@code path.name}) and its children, so a composite
 * can reach every op of a model through {@link #sites()}.
 */
public abstract class Module implements SiteProvider {

    private final String path;
    private final List<Module> children = new ArrayList<>();
    private final List<Site> ownSites = new ArrayList<>();

    protected Module(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** {@code parent.name}, or {@code name} at the root. */
    public static String join(String parent, String name) {
        return parent == null || parent.isEmpty() ? name : parent + "." + name;
    }

    protected final <M extends Module> M child(M module) {
        children.add(module);
        return module;
    }

    /** A site at {@code path.name}; {@code name} empty means the module's own path. */
    protected final Site site(OpKind kind, String name) {
        Site s = new Site(kind, name.isEmpty() ? path : join(path, name));
        ownSites.add(s);
        return s;
    }

    /** A site at {@code path.name} for an op written outside lxt4j, of kind name {@code customKind}. */
    protected final Site site(String customKind, String name) {
        Site s = Site.custom(customKind, name.isEmpty() ? path : join(path, name));
        ownSites.add(s);
        return s;
    }

    public List<Module> children() {
        return children;
    }

    @Override
    public List<Site> sites() {
        List<Site> all = new ArrayList<>(ownSites);
        for (Module c : children) {
            all.addAll(c.sites());
        }
        return all;
    }
}
