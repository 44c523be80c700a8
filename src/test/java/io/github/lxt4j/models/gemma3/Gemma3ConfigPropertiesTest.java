package io.github.lxt4j.models.gemma3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.ParserPropertiesTest;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** gemma3-tiny's config.json, text-only and inside a multimodal one, with fields replaced: only typed errors. */
class Gemma3ConfigPropertiesTest {

    @Provide
    Arbitrary<Object> value() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().between(-3, 300).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(0.0, -1.0, 1e-300, 1e300, 0.5).map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(6).map(Object.class::cast),
                Arbitraries.of(
                                "linear",
                                "dynamic",
                                "llama3",
                                "default",
                                "sliding_attention",
                                "full_attention",
                                "gelu_pytorch_tanh")
                        .map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(List.of("sliding_attention", "full_attention")).map(Object.class::cast),
                Arbitraries.just(List.of(1, "full_attention", "x")).map(Object.class::cast),
                Arbitraries.just(Map.of("rope_type", "linear", "factor", -1)).map(Object.class::cast),
                Arbitraries.just(Map.of("full_attention", Map.of("rope_type", "yarn")))
                        .map(Object.class::cast));
    }

    @Provide
    Arbitrary<String> field() {
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
                "layer_types",
                "sliding_window",
                "sliding_window_pattern",
                "query_pre_attn_scalar",
                "final_logit_softcapping",
                "attn_logit_softcapping",
                "use_bidirectional_attention",
                "hidden_activation",
                "tie_word_embeddings",
                "attention_bias",
                "rope_parameters",
                "rope_parameters.full_attention",
                "rope_parameters.sliding_attention",
                "rope_scaling",
                "rope_theta",
                "rope_local_base_freq",
                "partial_rotary_factor",
                "model_type");
    }

    private static void mutate(ObjectNode c, List<String> fields, List<Object> values) {
        for (int i = 0; i < fields.size(); i++) {
            ObjectNode at = c;
            String field = fields.get(i);
            int dot = field.indexOf('.');
            if (dot > 0) {
                String parent = field.substring(0, dot);
                at = c.get(parent) instanceof ObjectNode o ? o : c.putObject(parent);
                field = field.substring(dot + 1);
            }
            at.set(field, Gemma3Folders.MAPPER.valueToTree(values.get(i % values.size())));
        }
    }

    @Property(tries = 300)
    void textConfigs(
            @ForAll @Size(min = 1, max = 3) List<@From("field") String> fields,
            @ForAll @Size(min = 1, max = 3) List<@From("value") Object> values) {
        ObjectNode c = Gemma3Folders.config();
        mutate(c, fields, values);
        ParserPropertiesTest.onlyTyped(() -> Gemma3Config.parse(JsonConfig.of(c, "config.json")));
    }

    @Property(tries = 200)
    void multimodalConfigs(
            @ForAll @Size(min = 1, max = 3) List<@From("field") String> fields,
            @ForAll @Size(min = 1, max = 3) List<@From("value") Object> values) {
        ObjectNode text = Gemma3Folders.config();
        mutate(text, fields, values);
        ObjectNode c = Gemma3Folders.MAPPER.createObjectNode().put("model_type", "gemma3");
        c.set("text_config", text);
        ParserPropertiesTest.onlyTyped(() -> Gemma3Config.parse(JsonConfig.of(c, "config.json")));
    }
}
