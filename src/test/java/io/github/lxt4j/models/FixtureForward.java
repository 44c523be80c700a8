package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;

/** A visitor that runs one forward pass on a fixture's reference inputs: logits (or CLIP's similarity), flat. */
final class FixtureForward implements ModelVisitor<double[]> {
    private final Map<String, TensorData> ref;

    FixtureForward(String fixture) {
        this.ref = Fixtures.reference(fixture);
    }

    @Override
    public double[] visitCausalLm(io.github.lxt4j.models.CausalLm m) {
        try (TensorScope s = TensorScope.open()) {
            Var embeds = m.embed(ids(m.backend(), "input_ids"));
            long[][] mask = ref.containsKey("attention_mask") ? Fixtures.rows(ref.get("attention_mask")) : null;
            return m.forward(embeds, mask, io.github.lxt4j.models.DecoderOptions.defaults())
                    .value()
                    .toDoubleArray();
        }
    }

    @Override
    public double[] visitSeq2Seq(Seq2SeqLm m) {
        try (TensorScope s = TensorScope.open()) {
            return m.forward(
                            m.embed(ids(m.backend(), "input_ids")),
                            m.embed(ids(m.backend(), "decoder_input_ids")),
                            null,
                            Seq2SeqOptions.defaults())
                    .value()
                    .toDoubleArray();
        }
    }

    @Override
    public double[] visitDualEncoder(DualEncoder m) {
        try (TensorScope s = TensorScope.open()) {
            io.github.lxt4j.tensor.Tensor ids = ids(m.backend(), "text");
            return m.forward(Var.leaf(m.pixels(ref.get("image"))), m.embedText(ids), ids)
                    .value()
                    .toDoubleArray();
        }
    }

    @Override
    public double[] visitTextClassifier(TextClassifier m) {
        try (TensorScope s = TensorScope.open()) {
            TextEmbeddings e = m.embed(
                    ids(m.backend(), "input_ids"),
                    ref.containsKey("token_type_ids") ? ids(m.backend(), "token_type_ids") : null);
            long[][] mask = ref.containsKey("attention_mask") ? Fixtures.rows(ref.get("attention_mask")) : null;
            return m.forward(e, mask, EncoderOptions.defaults()).value().toDoubleArray();
        }
    }

    @Override
    public double[] visitImageClassifier(ImageClassifier m) {
        try (TensorScope s = TensorScope.open()) {
            return m.forward(Var.leaf(m.pixels(ref.get("pixel_values"))), EncoderOptions.defaults())
                    .value()
                    .toDoubleArray();
        }
    }

    private io.github.lxt4j.tensor.Tensor ids(io.github.lxt4j.tensor.Backend backend, String key) {
        TensorData d = ref.get(key);
        return backend.fromLongs(d.toLongs(), d.shape());
    }
}
