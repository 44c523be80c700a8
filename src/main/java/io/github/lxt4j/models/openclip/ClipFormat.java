package io.github.lxt4j.models.openclip;

/** The two checkpoint layouts that {@link ClipModel#fromPretrained} reads. */
public enum ClipFormat {
    /** {@code open_clip_config.json} + {@code open_clip_model.safetensors}, OpenCLIP's parameter names. */
    OPEN_CLIP,
    /** HF transformers' {@code CLIPModel}: {@code config.json} + {@code model.safetensors}. */
    HF
}
