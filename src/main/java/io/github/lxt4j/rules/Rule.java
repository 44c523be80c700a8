package io.github.lxt4j.rules;

/**
 * An LRP rule, as a value. Ops decide how each rule applies to them (see each op's Javadoc); an op that has no
 * meaning for a rule throws {@link UnsupportedRuleException}. Rules sit below autograd: they are plain data.
 */
public interface Rule {

    /** A short name for reports, e.g. {@code epsilon(1e-9)}. */
    String describe();
}
