package io.github.lxt4j.rules;

import io.github.lxt4j.Lxt4jException;

/** A rule was registered on an op that has no meaning for it. */
public class UnsupportedRuleException extends Lxt4jException {
    public UnsupportedRuleException(String op, String site, Rule rule, String supported) {
        super("rule " + rule.describe() + " is not defined for op " + op + " at '" + site + "'; supported: "
                + supported);
    }
}
