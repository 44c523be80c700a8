package io.github.lxt4j.models.gemma3;

import io.github.lxt4j.models.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a checkpoint keeps Gemma 3's language model: {@code model.*} + {@code lm_head.weight}
 * (Gemma3ForCausalLM); {@code model.language_model.*} + {@code lm_head.weight} (Gemma3ForConditionalGeneration as
 * transformers 5 saves it); or {@code language_model.model.*} + {@code language_model.lm_head.weight} (as 4.x saved
 * it). A multimodal checkpoint's vision tower and projector are named here so that the loader can pass over them.
 *
 * @param body the module path of the text model ({@code model}, …): its tensors are {@code body.*}
 * @param head the key of the untied head
 * @param vision key prefixes of the vision tower and the multimodal projector (none for a text checkpoint)
 */
record Gemma3Layout(String body, String head, List<String> vision) {

    static final Gemma3Layout TEXT = new Gemma3Layout("model", "lm_head.weight", List.of());
    static final Gemma3Layout MULTIMODAL_V5 = new Gemma3Layout(
            "model.language_model", "lm_head.weight", List.of("model.vision_tower.", "model.multi_modal_projector."));
    static final Gemma3Layout MULTIMODAL_V4 = new Gemma3Layout(
            "language_model.model",
            "language_model.lm_head.weight",
            List.of("vision_tower.", "multi_modal_projector."));

    Gemma3Layout {
        vision = List.copyOf(vision);
    }

    /** The key of the embedding table. */
    String embedKey() {
        return body + ".embed_tokens.weight";
    }

    /**
     * The layout of a multimodal checkpoint holding {@code keys}, found by its embedding table. Every tensor must
     * belong to the language model or the vision side: anything else is refused rather than passed over.
     *
     * @throws ModelLoadException naming the keys looked for, or the tensors of neither part
     */
    static Gemma3Layout multimodal(Set<String> keys, String source) {
        Gemma3Layout layout = keys.contains(MULTIMODAL_V5.embedKey())
                ? MULTIMODAL_V5
                : keys.contains(MULTIMODAL_V4.embedKey()) ? MULTIMODAL_V4 : null;
        if (layout == null) {
            throw new ModelLoadException(source + " is a multimodal Gemma 3 checkpoint (model_type gemma3) without"
                    + " its language model's embedding table: looked for " + MULTIMODAL_V5.embedKey() + " (transformers"
                    + " 5) and " + MULTIMODAL_V4.embedKey() + " (transformers 4)");
        }
        List<String> foreign = new ArrayList<>();
        for (String k : keys) {
            if (!k.startsWith(layout.body + ".") && !k.equals(layout.head) && !layout.isVision(k)) {
                foreign.add(k);
            }
        }
        if (!foreign.isEmpty()) {
            throw new ModelLoadException(source + " holds " + foreign.size() + " tensor(s) that belong neither to the"
                    + " language model (" + layout.body + ".*, " + layout.head + ") nor to the vision tower ("
                    + String.join("*, ", layout.vision) + "*): "
                    + (foreign.size() <= 5
                            ? foreign
                            : foreign.subList(0, 5) + " and " + (foreign.size() - 5) + " more"));
        }
        return layout;
    }

    /** Whether {@code key} is a tensor of the vision tower or projector, which the text model does not use. */
    boolean isVision(String key) {
        for (String p : vision) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
