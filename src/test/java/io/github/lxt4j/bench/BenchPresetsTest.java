package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.openclip.ClipConfig;
import io.github.lxt4j.models.openclip.ClipFormat;
import io.github.lxt4j.models.t5.T5Config;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets have the real shapes, custom files of every family are read, and --layers reaches every stack. */
class BenchPresetsTest {

    @TempDir
    Path tmp;

    @Test
    void tinyLlamaPresetHasTheRealShape() {
        LlamaConfig c = LlamaConfig.parse(BenchPresets.resolve("tinyllama-1.1b", null));
        assertEquals(22, c.numLayers());
        assertEquals(2048, c.hiddenSize());
        assertEquals(4, c.numKvHeads());
        assertEquals(64, c.headDim());
        assertEquals(
                8, LlamaConfig.parse(BenchPresets.resolve("tinyllama-1.1b", 8)).numLayers());
        assertEquals(
                "mixtral",
                AutoModel.family(BenchPresets.resolve("mixtral-8x7b", null)).name());
    }

    @Test
    void t5BasePresetHasTheRealShape() {
        JsonConfig json = BenchPresets.resolve("t5-base", null);
        assertEquals("t5", AutoModel.family(json).name());
        T5Config c = T5Config.parse(json);
        assertEquals(768, c.dModel());
        assertEquals(3072, c.dFf());
        assertEquals(64, c.dKv());
        assertEquals(12, c.numHeads());
        assertEquals(12, c.numLayers());
        assertEquals(12, c.numDecoderLayers());
        assertEquals(32128, c.vocabSize());
        assertEquals(32, c.relativeAttentionNumBuckets());
        assertEquals(128, c.relativeAttentionMaxDistance());
        assertFalse(c.gated());
        assertEquals("relu", c.feedForwardProj());
        assertEquals(1e-6, c.layerNormEpsilon());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(0, c.decoderStartTokenId());
        T5Config two = T5Config.parse(BenchPresets.resolve("t5-base", 2));
        assertEquals(2, two.numLayers());
        assertEquals(2, two.numDecoderLayers());
    }

    @Test
    void clipPresetIsOpenClipViTB16() {
        JsonConfig json = BenchPresets.resolve("clip-vit-b-16", null);
        assertEquals("clip", AutoModel.family(json).name());
        ClipConfig c = ClipConfig.parseAny(json);
        assertEquals(ClipFormat.OPEN_CLIP, c.format());
        assertEquals(512, c.embedDim());
        assertEquals(224, c.vision().imageSize());
        assertEquals(16, c.vision().patchSize());
        assertEquals(768, c.vision().width());
        assertEquals(12, c.vision().layers());
        assertEquals(12, c.vision().heads());
        assertEquals(64, c.vision().headDim());
        assertEquals(3072, c.vision().mlpWidth());
        assertEquals(197, c.vision().tokens());
        assertEquals(77, c.text().contextLength());
        assertEquals(49408, c.text().vocabSize());
        assertEquals(512, c.text().width());
        assertEquals(8, c.text().heads());
        assertEquals(12, c.text().layers());
        assertEquals(2048, c.text().mlpWidth());
        ClipConfig three = ClipConfig.parseAny(BenchPresets.resolve("clip-vit-b-16", 3));
        assertEquals(3, three.vision().layers());
        assertEquals(3, three.text().layers());
    }

    @Test
    void customFilesOfEveryFamilyTakeTheLayerOverride() throws IOException {
        Path t5 = Fixtures.dir("t5-gated").resolve("config.json");
        assertEquals(1, T5Config.parse(BenchPresets.resolve(t5.toString(), 1)).numDecoderLayers());
        Path openClip = Fixtures.dir("openclip-tiny").resolve("open_clip_config.json"); // model_cfg inside
        ClipConfig oc = ClipConfig.parseAny(BenchPresets.resolve(openClip.toString(), 1));
        assertEquals(1, oc.vision().layers());
        assertEquals(1, oc.text().layers());
        assertEquals(32, oc.vision().imageSize());
        Path hf = tmp.resolve("clip.json");
        Files.writeString(hf, """
                {"model_type": "clip", "projection_dim": 16,
                 "vision_config": {"hidden_size": 32, "num_hidden_layers": 4, "num_attention_heads": 2,
                                   "intermediate_size": 64, "image_size": 32, "patch_size": 8},
                 "text_config": {"hidden_size": 32, "num_hidden_layers": 4, "num_attention_heads": 2,
                                 "intermediate_size": 64, "max_position_embeddings": 8, "vocab_size": 50}}""");
        ClipConfig h = ClipConfig.parseAny(BenchPresets.resolve(hf.toString(), 2));
        assertEquals(ClipFormat.HF, h.format());
        assertEquals(2, h.vision().layers());
        assertEquals(2, h.text().layers());
        assertEquals(
                4,
                ClipConfig.parseAny(BenchPresets.resolve(hf.toString(), null))
                        .text()
                        .layers());
    }

    @Test
    void badConfigsFailWithTypedErrors() throws IOException {
        BenchOptionException none =
                assertThrows(BenchOptionException.class, () -> BenchPresets.resolve("no-such-model", null));
        assertTrue(none.getMessage().contains("clip-vit-b-16"), none.getMessage());
        Path whisper = tmp.resolve("whisper.json");
        Files.writeString(whisper, "{\"model_type\": \"whisper\"}");
        assertThrows(UnsupportedModelException.class, () -> BenchPresets.resolve(whisper.toString(), null));
        Path unknown = tmp.resolve("unknown.json");
        Files.writeString(unknown, "{\"hidden_size\": 8}");
        assertThrows(ConfigException.class, () -> BenchPresets.resolve(unknown.toString(), null));
        Path resnet = tmp.resolve("rn50.json");
        Files.writeString(
                resnet,
                "{\"embed_dim\": 1024, \"vision_cfg\": {\"layers\": [3, 4, 6, 3], \"width\": 64},"
                        + " \"text_cfg\": {}}");
        assertThrows(
                UnsupportedModelException.class,
                () -> BenchPresets.resolve(resnet.toString(), 1),
                "the override must not turn a ResNet config into a ViT");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"model_type\": ");
        assertThrows(ConfigException.class, () -> BenchPresets.resolve(broken.toString(), null));
    }
}
