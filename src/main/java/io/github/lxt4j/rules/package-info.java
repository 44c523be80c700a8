/**
 * LRP rules as values and how they are assigned to ops. {@link Rule} is sealed over the core records of {@link Rules}
 * and two open kinds: {@link LinearRule} (linear-type ops; {@link ModifierRule} is zennit's BasicHook, and the zennit
 * rules are written with it) and {@link OpRule} (a function of any op's saved inputs, output and relevance). {@link
 * Site}s name the places where ops run, {@link OpKind}s group them, and {@link Composite}s map sites to rules by path,
 * custom kind name, kind and fallback, with the presets in {@link Composites} (docs/rules.md).
 */
package io.github.lxt4j.rules;
