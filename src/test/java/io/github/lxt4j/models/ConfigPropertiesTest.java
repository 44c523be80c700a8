package io.github.lxt4j.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.ParserPropertiesTest;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.openclip.ClipConfig;
import io.github.lxt4j.models.t5.T5Config;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Issue 12: config.json of each family with fields replaced by arbitrary JSON values gives only typed errors. */
class ConfigPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<Object> value() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().between(-3, 300).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(0.0, -1.0, 1e-300, 1e300, 0.5).map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(6).map(Object.class::cast),
                Arbitraries.of("linear", "dynamic", "llama3", "default", "gated-gelu", "silu")
                        .map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(List.of(224, 224)).map(Object.class::cast),
                Arbitraries.just(Map.of("rope_type", "linear", "factor", -1)).map(Object.class::cast));
    }

    private static ObjectNode fixtureConfig(String fixture, String file) throws IOException {
        return (ObjectNode) JSON.readTree(Fixtures.dir(fixture).resolve(file).toFile());
    }

    private static void mutate(ObjectNode c, List<String> fields, List<Object> values) {
        for (int i = 0; i < fields.size(); i++) {
            ObjectNode at = c;
            String field = fields.get(i);
            int dot = field.indexOf('.');
            if (dot > 0) {
                at = c.has(field.substring(0, dot))
                                && c.get(field.substring(0, dot)).isObject()
                        ? (ObjectNode) c.get(field.substring(0, dot))
                        : c.putObject(field.substring(0, dot));
                field = field.substring(dot + 1);
            }
            at.set(field, JSON.valueToTree(values.get(i % values.size())));
        }
    }

    /** The fixture's config.json with {@code fields} replaced, parsed: only typed errors may come out. */
    private static void parseMutated(
            String fixture, List<String> fields, List<Object> values, Consumer<JsonConfig> parse) throws IOException {
        ObjectNode c = fixtureConfig(fixture, "config.json");
        mutate(c, fields, values);
        ParserPropertiesTest.onlyTyped(() -> parse.accept(JsonConfig.of(c, "config.json")));
    }

    @Property(tries = 300)
    void llamaConfigs(
            @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("llamaField") String> fields,
            @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("value") Object> values)
            throws IOException {
        parseMutated("kv-retrieval", fields, values, LlamaConfig::parse);
    }

    @Provide
    Arbitrary<String> llamaField() {
        return Arbitraries.of(
                "hidden_size",
                "num_attention_heads",
                "num_key_value_heads",
                "num_hidden_layers",
                "head_dim",
                "vocab_size",
                "intermediate_size",
                "rms_norm_eps",
                "max_position_embeddings",
                "rope_parameters",
                "rope_parameters.rope_theta",
                "rope_parameters.rope_type",
                "rope_parameters.factor",
                "rope_scaling",
                "rope_theta",
                "hidden_act",
                "sliding_window",
                "model_type",
                "partial_rotary_factor");
    }

    @Property(tries = 200)
    void t5Configs(
            @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("t5Field") String> fields,
            @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("value") Object> values)
            throws IOException {
        parseMutated("t5-gated", fields, values, T5Config::parse);
    }

    @Provide
    Arbitrary<String> t5Field() {
        return Arbitraries.of(
                "vocab_size",
                "d_model",
                "d_kv",
                "d_ff",
                "num_heads",
                "num_layers",
                "num_decoder_layers",
                "relative_attention_num_buckets",
                "relative_attention_max_distance",
                "layer_norm_epsilon",
                "feed_forward_proj",
                "decoder_start_token_id",
                "pad_token_id",
                "model_type");
    }

    @Property(tries = 200)
    void openClipConfigs(
            @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("clipField") String> fields,
            @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("value") Object> values)
            throws IOException {
        ObjectNode c = fixtureConfig("openclip-tiny", ClipConfig.OPEN_CLIP_CONFIG);
        ObjectNode model = c.has("model_cfg") ? (ObjectNode) c.get("model_cfg") : c;
        mutate(model, fields, values);
        ParserPropertiesTest.onlyTyped(() -> ClipConfig.parseOpenClip(JsonConfig.of(c, "open_clip_config.json")));
    }

    @Provide
    Arbitrary<String> clipField() {
        return Arbitraries.of(
                "embed_dim",
                "vision_cfg.width",
                "vision_cfg.head_width",
                "vision_cfg.layers",
                "vision_cfg.patch_size",
                "vision_cfg.image_size",
                "vision_cfg.mlp_ratio",
                "text_cfg.width",
                "text_cfg.heads",
                "text_cfg.layers",
                "text_cfg.context_length",
                "text_cfg.vocab_size",
                "text_cfg.mlp_ratio",
                "quick_gelu");
    }
}
