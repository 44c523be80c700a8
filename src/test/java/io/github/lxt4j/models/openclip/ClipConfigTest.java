package io.github.lxt4j.models.openclip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.testing.ClipFixture;
import io.github.lxt4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ClipConfigTest {

    static JsonConfig json(String text) throws Exception {
        return JsonConfig.of(new ObjectMapper().readTree(text), "test.json");
    }

    @Test
    void fixtureConfig() {
        ClipConfig c = ClipConfig.read(Fixtures.dir(ClipFixture.FIXTURE));
        assertEquals(ClipFormat.OPEN_CLIP, c.format());
        assertEquals(32, c.embedDim());
        assertEquals(new ClipVisionConfig(32, 8, 64, 2, 4, 256, 1e-5, Activation.GELU), c.vision());
        assertEquals(17, c.vision().tokens());
        assertEquals(16, c.text().contextLength());
        assertEquals(320, c.text().vocabSize());
        assertEquals(4, c.text().heads());
        assertEquals(ClipTextConfig.Pooling.ARGMAX, c.text().pooling());
        assertTrue(c.text().causal());
        assertArrayEquals(ClipConfig.OPENAI_MEAN, c.mean());
        assertEquals("", c.textPrefix());
    }

    @Test
    void openClipDefaultsAndVariants() throws Exception {
        ClipConfig c = ClipConfig.parseOpenClip(json("{\"embed_dim\": 512, \"quick_gelu\": true, \"custom_text\": true,"
                + " \"vision_cfg\": {\"image_size\": [224, 224], \"patch_size\": 32},"
                + " \"text_cfg\": {\"pool_type\": \"last\", \"no_causal_mask\": true},"
                + " \"preprocess_cfg\": {\"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}}"));
        assertEquals(new ClipVisionConfig(224, 32, 768, 12, 12, 3072, 1e-5, Activation.QUICK_GELU), c.vision());
        assertEquals(77, c.text().contextLength());
        assertEquals(49408, c.text().vocabSize());
        assertEquals(ClipTextConfig.Pooling.LAST, c.text().pooling());
        assertEquals(false, c.text().causal());
        assertEquals(Activation.QUICK_GELU, c.text().activation());
        assertEquals("text.", c.textPrefix());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, c.std());
    }

    @Test
    void unsupportedTowersAreNamed() {
        String[][] cases = {
            {"\"vision_cfg\": {\"timm_model_name\": \"vit_base\"}, \"text_cfg\": {}", "timm_model_name"},
            {"\"vision_cfg\": {\"layers\": [3, 4, 6, 3]}, \"text_cfg\": {}", "layers"},
            {"\"vision_cfg\": {}, \"text_cfg\": {\"hf_model_name\": \"roberta-base\"}", "hf_model_name"},
            {"\"vision_cfg\": {\"attentional_pool\": true}, \"text_cfg\": {}", "attentional_pool"},
            {"\"vision_cfg\": {\"ls_init_value\": 1e-5}, \"text_cfg\": {}", "ls_init_value"},
            {"\"vision_cfg\": {}, \"text_cfg\": {\"pool_type\": \"eos\"}", "pool_type"},
        };
        for (String[] c : cases) {
            UnsupportedModelException e = assertThrows(
                    UnsupportedModelException.class,
                    () -> ClipConfig.parseOpenClip(json("{\"embed_dim\": 512, " + c[0] + "}")));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("test.json"), e.getMessage());
        }
    }

    @Test
    void hfConfig() throws Exception {
        ClipConfig c = ClipConfig.parseHf(
                json(ClipFolders.hfConfig(2)),
                json("{\"image_mean\": [0.1, 0.2, 0.3]," + " \"image_std\": [0.4, 0.5, 0.6]}"));
        assertEquals(ClipFormat.HF, c.format());
        assertEquals(new ClipVisionConfig(32, 8, 64, 2, 4, 256, 1e-5, Activation.GELU), c.vision());
        assertEquals(ClipTextConfig.Pooling.ARGMAX, c.text().pooling());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, c.mean());
        ClipConfig defaults = ClipConfig.parseHf(
                json("{\"model_type\": \"clip\", \"text_config\": {"
                        + "\"eos_token_id\": 49407}, \"vision_config\": {}}"),
                null);
        assertEquals(Activation.QUICK_GELU, defaults.vision().activation());
        assertEquals(512, defaults.embedDim());
        assertEquals(ClipTextConfig.Pooling.EOS_ID, defaults.text().pooling());
        assertEquals(49407, defaults.text().eosTokenId());
        assertThrows(
                UnsupportedModelException.class,
                () -> ClipConfig.parseHf(
                        json("{\"model_type\": \"siglip\"," + " \"text_config\": {}, \"vision_config\": {}}"), null));
    }
}
