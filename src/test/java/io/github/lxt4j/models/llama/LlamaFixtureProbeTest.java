package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.rules.Composite;
import io.github.lxt4j.rules.Composites;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlamaFixtureProbeTest {
    @Test
    void probe() {
        Map<String, TensorData> ref = Fixtures.reference("llama-tiny");
        try (TensorScope s = TensorScope.open();
             LlamaForCausalLM m = LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), Backends.djl(), DType.FLOAT32)) {
            TensorData ids = ref.get("input_ids");
            Tensor idt = m.backend().fromLongs(ids.toLongs(), ids.shape());
            for (String method : new String[] {"attnlrp", "cp_lrp", "gradient_x_input"}) {
                Composite c = method.equals("attnlrp") ? Composites.ATTN_LRP : method.equals("cp_lrp") ? Composites.CP_LRP : Composites.GRADIENT;
                c.register(m);
                try (Tape tape = Tape.record()) {
                    Var e = m.embed(idt).requireGrad();
                    Var logits = m.forward(e, null, LlamaForCausalLM.Options.defaults().lastOnly());
                    Var flat = ReshapeOp.apply(logits, 2, m.config().vocabSize());
                    if (method.equals("attnlrp")) {
                        Compare.absolute("logits", flat.value().toDoubleArray(), ref.get("logits_last").toDoubles(), 1e-4);
                    }
                    Var target = GatherOp.topk(flat, 1, -1).values();
                    if (method.equals("gradient_x_input")) target.backward(); else target.backward(target);
                    double[] rel = e.grad().toDoubleArray();
                    if (method.equals("gradient_x_input")) {
                        rel = e.grad().mul(e.value()).toDoubleArray();
                    }
                    double[] exp = ref.get(method + ".embeddings").toDoubles();
                    double sa = 0, sb = 0; for (double v : rel) sa += v; for (double v : exp) sb += v;
                    System.out.println(method + " sum actual " + sa + " expected " + sb);
                    Compare.relevance32(method, rel, exp);
                }
                c.remove();
            }
        }
    }
}
