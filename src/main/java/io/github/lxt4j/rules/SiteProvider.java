package io.github.lxt4j.rules;

/** Anything with op sites that a {@link Composite} can register on: models and modules. */
public interface SiteProvider {
    Iterable<Site> sites();
}
