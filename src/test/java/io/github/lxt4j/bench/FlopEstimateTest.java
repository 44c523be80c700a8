package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.openclip.ClipConfig;
import io.github.lxt4j.models.t5.T5Config;
import org.junit.jupiter.api.Test;

/** The analytical FLOP counts against multiply-adds counted by hand, on configs small enough to count. */
class FlopEstimateTest {

    private static JsonConfig json(String text) throws Exception {
        return JsonConfig.of(new ObjectMapper().readTree(text), "test");
    }

    @Test
    void decoderFollowsTheHandCount() {
        LlamaConfig c = LlamaConfig.parse(BenchPresets.resolve("tinyllama-1.1b", 1));
        // one layer per token: q,o 2048² each, k,v 2048·256 each, MLP 3·2048·5632; ×2 for multiply-add
        double linear = 2.0 * (2 * 2048.0 * 2048 + 2 * 2048.0 * 256 + 3 * 2048.0 * 5632);
        double attention = 2.0 * 2 * 32 * 128.0 * 128 * 64;
        double head = 2.0 * 2048 * 32000;
        assertEquals(128 * linear + attention + head, FlopEstimate.forward(c, 1, 128, 1), 1);
        assertEquals(128 * linear + 2 * attention + head, FlopEstimate.relevance(c, 1, 128, 1), 1);
    }

    @Test
    void t5FollowsTheHandCount() throws Exception {
        String cfg = "{\"model_type\": \"t5\", \"vocab_size\": 10, \"d_model\": 8, \"d_kv\": 4, \"num_heads\": 2,"
                + " \"d_ff\": 16, \"num_layers\": 1, \"num_decoder_layers\": 1, \"feed_forward_proj\": \"%s\"}";
        T5Config relu = T5Config.parse(json(String.format(cfg, "relu")));
        // source 3 tokens, prefix 1 token; inner = 2 heads · 4 = 8. Multiply-adds:
        // encoder, per token: q,k,v,o 4·8·8 = 256, wi + wo 2·8·16 = 256; 3 tokens → 1536
        // decoder, prefix token: self q,k,v,o 256, cross q,o 128, wi + wo 256 → 640; cross k,v on 3 tokens: 384
        // head 8·10 = 80 → linear 1536 + 640 + 384 + 80 = 2640
        // attention: encoder q·kᵀ and a·v 2·(2·3·3·4) = 144; decoder self 2·(2·1·1·4) = 16, cross 2·(2·1·3·4) = 48
        //   → 208
        assertEquals(2 * (2640 + 208), FlopEstimate.forward(relu, 1, 3, 1), 1e-9);
        assertEquals(2 * (2640 + 2 * 208), FlopEstimate.relevance(relu, 1, 3, 1), 1e-9);
        assertEquals(2 * 2 * (2640 + 208), FlopEstimate.forward(relu, 2, 3, 1), 1e-9);
        // gated: one more 8·16 matrix per token, 3 encoder + 1 decoder tokens → +512
        T5Config gated = T5Config.parse(json(String.format(cfg, "gated-gelu")));
        assertEquals(2 * (2640 + 512 + 208), FlopEstimate.forward(gated, 1, 3, 1), 1e-9);
    }

    @Test
    void clipFollowsTheHandCount() throws Exception {
        ClipConfig c = ClipConfig.parseOpenClip(json("{\"embed_dim\": 4,"
                + " \"vision_cfg\": {\"image_size\": 8, \"patch_size\": 4, \"width\": 8, \"head_width\": 4,"
                + " \"mlp_ratio\": 2.0, \"layers\": 1},"
                + " \"text_cfg\": {\"context_length\": 5, \"vocab_size\": 10, \"width\": 8, \"heads\": 2,"
                + " \"mlp_ratio\": 2.0, \"layers\": 1}}"));
        // image: 2×2 patches of 3·4·4 pixels into width 8: 4·48·8 = 1536; 5 tokens · (q,k,v,o 4·64 + MLP 2·8·16)
        //   = 2560; q·kᵀ and a·v 2·5·5·8 = 400; projection of the class token 8·4 = 32 → 4528
        // text: 5 tokens · 512 = 2560, attention 400, projection 32 → 2992; similarity 1·1·4 = 4
        assertEquals(2 * (4528 + 2992 + 4), FlopEstimate.forward(c, 1, 1), 1e-9);
        // CP-LRP: q·kᵀ gets no relevance, a·v two products (= the forward's attention); similarity both operands
        assertEquals(2 * (4528 + 2992 + 2 * 4), FlopEstimate.relevance(c, 1, 1), 1e-9);
    }
}
