/**
 * One class per differentiable op: its forward in a static {@code apply}, its exact vector-Jacobian product, the rules
 * it accepts and the overrides for the rules special to it, each stated in its Javadoc with the paper's equation.
 * Linear-type ops ({@link LinearOp}, {@link Conv2dOp}, {@link MatMulOp}) apply every {@code LinearRule}; structural ops
 * route relevance back to where each entry came from (docs/autograd.md, docs/rules.md).
 */
package io.github.lxt4j.autograd.ops;
