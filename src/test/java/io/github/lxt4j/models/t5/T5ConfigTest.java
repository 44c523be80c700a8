package io.github.lxt4j.models.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import org.junit.jupiter.api.Test;

/** feed_forward_proj parsing as HF does it, defaults, and the output-scaling decision. */
class T5ConfigTest {

    private static T5Config parse(String members) throws Exception {
        String json = "{\"model_type\": \"t5\", \"vocab_size\": 100" + (members.isEmpty() ? "" : ", " + members) + "}";
        return T5Config.parse(JsonConfig.of(new ObjectMapper().readTree(json), "test config.json"));
    }

    private static T5Config ff(String proj) throws Exception {
        return parse("\"feed_forward_proj\": \"" + proj + "\"");
    }

    @Test
    void feedForwardProjections() throws Exception {
        assertFalse(ff("relu").gated());
        assertEquals(Activation.RELU, ff("relu").activation());
        assertTrue(ff("gated-gelu").gated());
        assertEquals(Activation.GELU_TANH, ff("gated-gelu").activation(), "gated-gelu means gelu_new");
        assertEquals(Activation.SILU, ff("gated-silu").activation());
        assertEquals(Activation.RELU, ff("gated-relu").activation());
        assertEquals(Activation.GELU, ff("gelu").activation(), "plain gelu is the exact GELU");
        assertEquals(Activation.GELU_TANH, ff("gated-gelu_new").activation());
    }

    @Test
    void badFeedForwardProjectionsAreNamed() {
        for (String bad : new String[] {"swishy", "gated-gelu-x", "relu-gated", "gated-"}) {
            UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> ff(bad));
            assertTrue(
                    e.getMessage().contains("feed_forward_proj")
                            && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }

    @Test
    void defaultsFollowHf() throws Exception {
        T5Config c = parse("\"num_layers\": 3");
        assertEquals(3, c.numDecoderLayers(), "num_decoder_layers defaults to num_layers");
        assertEquals(512, c.dModel());
        assertEquals(32, c.relativeAttentionNumBuckets());
        assertEquals(128, c.relativeAttentionMaxDistance());
        assertEquals(0, c.decoderStartTokenId(), "decoder_start_token_id defaults to pad_token_id");
        assertTrue(c.tieWordEmbeddings());
        assertEquals(Activation.RELU, c.activation());
    }

    @Test
    void outputScalingFollowsScaleDecoderOutputsThenTheLegacyTieFlag() throws Exception {
        assertTrue(parse("").scaleDecoderOutputs(), "HF default: tied, scaled");
        assertFalse(parse("\"tie_word_embeddings\": false").scaleDecoderOutputs(), "v4 T5 v1.1: untied, unscaled");
        assertFalse(
                parse("\"tie_word_embeddings\": true, \"scale_decoder_outputs\": false")
                        .scaleDecoderOutputs(),
                "v5 T5 v1.1 (the t5-gated fixture)");
        assertTrue(parse("\"tie_word_embeddings\": false, \"scale_decoder_outputs\": true")
                .scaleDecoderOutputs());
    }

    @Test
    void invalidValuesAreNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("\"decoder_start_token_id\": 100"));
        assertTrue(e.getMessage().contains("decoder_start_token_id"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("\"num_heads\": 0"));
        assertTrue(e.getMessage().contains("num_heads"), e.getMessage());
        e = assertThrows(
                ConfigException.class,
                () -> T5Config.parse(JsonConfig.of(new ObjectMapper().readTree("{\"model_type\": \"t5\"}"), "x")));
        assertTrue(e.getMessage().contains("vocab_size"), e.getMessage());
        assertThrows(
                UnsupportedModelException.class,
                () -> T5Config.parse(JsonConfig.of(
                        new ObjectMapper().readTree("{\"model_type\": \"bart\", \"vocab_size\": 3}"), "x")));
    }
}
