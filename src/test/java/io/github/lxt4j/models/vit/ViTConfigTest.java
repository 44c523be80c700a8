package io.github.lxt4j.models.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every ViT config field that is read, HF's defaults, and typed refusals naming the field. */
class ViTConfigTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode fixture() throws Exception {
        return (ObjectNode) JSON.readTree(
                Fixtures.dir("vit-tiny-cls").resolve("config.json").toFile());
    }

    static ViTConfig parse(ObjectNode n) {
        return ViTConfig.parse(JsonConfig.of(n, "config.json"));
    }

    @Test
    void readsEveryField() throws Exception {
        ViTConfig c = parse(fixture());
        assertEquals(48, c.hiddenSize());
        assertEquals(2, c.numLayers());
        assertEquals(4, c.numHeads());
        assertEquals(12, c.headDim());
        assertEquals(96, c.intermediateSize());
        assertEquals(Activation.GELU, c.hiddenAct());
        assertEquals(1e-6, c.layerNormEps());
        assertEquals(32, c.imageSize());
        assertEquals(8, c.patchSize());
        assertEquals(17, c.tokens());
        assertEquals(3, c.numChannels());
        assertTrue(c.qkvBias());
        assertEquals(5, c.labels().size());
    }

    @Test
    void hfDefaultsAndListSizes() throws Exception {
        ViTConfig c = parse((ObjectNode) JSON.readTree("{\"model_type\": \"vit\"}"));
        assertEquals(768, c.hiddenSize());
        assertEquals(224, c.imageSize());
        assertEquals(16, c.patchSize());
        assertEquals(197, c.tokens());
        assertEquals(1e-12, c.layerNormEps());
        ObjectNode n = fixture();
        n.putArray("image_size").add(32).add(32);
        n.put("qkv_bias", false);
        assertEquals(32, parse(n).imageSize());
        assertFalse(parse(n).qkvBias());
    }

    @Test
    void badValuesNameTheField() throws Exception {
        Map<String, Object> bad = Map.of(
                "hidden_size",
                50,
                "num_attention_heads",
                0,
                "num_hidden_layers",
                0,
                "intermediate_size",
                0,
                "hidden_act",
                "swish2",
                "layer_norm_eps",
                0.0,
                "patch_size",
                7,
                "num_channels",
                0,
                "image_size",
                new int[] {32, 16});
        for (Map.Entry<String, Object> b : bad.entrySet()) {
            ObjectNode n = fixture();
            n.set(b.getKey(), JSON.valueToTree(b.getValue()));
            Lxt4jException e = assertThrows(Lxt4jException.class, () -> parse(n), b.getKey());
            String field = b.getKey().equals("hidden_size")
                    ? "num_attention_heads"
                    : b.getKey().equals("patch_size") ? "patch_size" : b.getKey();
            assertTrue(e.getMessage().contains(field), b.getKey() + ": " + e.getMessage());
        }
        ObjectNode mim = fixture();
        mim.putArray("architectures").add("ViTForMaskedImageModeling");
        assertTrue(assertThrows(Lxt4jException.class, () -> parse(mim))
                .getMessage()
                .contains("architectures"));
    }

    @Test
    void presetHasThePublishedShape() throws Exception {
        ViTConfig c =
                ViTConfig.parse(JsonConfig.of(JSON.readTree(AutoModel.presets().get("vit-base-16")), "preset"));
        assertEquals(768, c.hiddenSize());
        assertEquals(64, c.headDim());
        assertEquals(12, c.numLayers());
        assertEquals(197, c.tokens());
        assertEquals(1000, c.labels().size());
    }
}
