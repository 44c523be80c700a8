package io.github.lxt4j.testing;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DecoderOptions;

/** The last position's logits of a decoder's plain, unpadded forward pass over a batch of ids. */
public final class LastLogits {
    private LastLogits() {}

    /** The logits of {@code m} at the last position of each row of {@code ids} ([batch, length]), flat. */
    public static double[] of(CausalLm m, TensorData ids) {
        return m.forward(
                        m.embed(m.backend().fromLongs(ids.toLongs(), ids.shape())),
                        null,
                        DecoderOptions.defaults().lastOnly())
                .value()
                .toDoubleArray();
    }
}
