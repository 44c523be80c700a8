package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.PretrainedConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A CLIP config, read from either checkpoint layout: OpenCLIP's {@code open_clip_config.json}
 * ({@code model_cfg.vision_cfg}, {@code model_cfg.text_cfg}, {@code preprocess_cfg}), or HF's {@code config.json}
 * ({@code text_config}, {@code vision_config}, {@code projection_dim}) with {@code preprocessor_config.json}.
 * Missing fields take the defaults of OpenCLIP's {@code CLIPVisionCfg}/{@code CLIPTextCfg} and HF's
 * {@code CLIPConfig}. Tower variants that lxt4j does not build (timm or HF text towers, ResNets, attentional
 * pooling, layer scale, …) raise {@link UnsupportedModelException} naming the field.
 *
 * @param textPrefix key prefix of the text tower in OpenCLIP checkpoints: {@code ""}, or {@code "text."} for
 *     {@code custom_text} models
 */
public record ClipConfig(
        ClipFormat format,
        long embedDim,
        ClipVisionConfig vision,
        ClipTextConfig text,
        double[] mean,
        double[] std,
        String textPrefix,
        String source) {

    /** OpenAI CLIP's normalisation, OpenCLIP's and HF's default. */
    public static final double[] OPENAI_MEAN = {0.48145466, 0.4578275, 0.40821073};

    public static final double[] OPENAI_STD = {0.26862954, 0.26130258, 0.27577711};

    public static final String OPEN_CLIP_CONFIG = "open_clip_config.json";
    public static final String HF_CONFIG = "config.json";
    public static final String HF_PREPROCESSOR = "preprocessor_config.json";

    /**
     * Reads the config of a checkpoint folder: {@code open_clip_config.json} for an OpenCLIP folder, else HF's
     * {@code config.json} (see {@link PretrainedConfig#read}).
     */
    public static ClipConfig read(Path dir) {
        return parse(PretrainedConfig.read(dir));
    }

    /**
     * The CLIP config of an already read folder config; HF's also reads {@code preprocessor_config.json} if present.
     */
    public static ClipConfig parse(PretrainedConfig config) {
        if (config.isOpenClip()) {
            return parseOpenClip(config.json());
        }
        Path pre = config.folder().resolve(HF_PREPROCESSOR);
        return parseHf(config.json(), Files.isRegularFile(pre) ? JsonConfig.read(pre) : null);
    }

    /** OpenCLIP: the whole {@code open_clip_config.json}, or a bare model config ({@code embed_dim}, …). */
    public static ClipConfig parseOpenClip(JsonConfig root) {
        JsonConfig m = root.has("model_cfg") ? root.object("model_cfg") : root;
        long embed = m.requireLong("embed_dim");
        Activation act = m.optBoolean("quick_gelu", false) ? Activation.QUICK_GELU : Activation.GELU;
        JsonConfig v = m.object("vision_cfg");
        JsonConfig t = m.object("text_cfg");
        rejectPresent(v, "timm_model_name", "timm image towers are not supported");
        rejectTrue(v, "attentional_pool", "attentional pooling is not supported");
        rejectPresent(v, "ls_init_value", "layer scale is not supported");
        rejectTrue(v, "no_ln_pre", "towers without ln_pre are not supported");
        rejectTrue(v, "input_patchnorm", "input patch norm is not supported");
        String vPool = v.optString("pool_type", "tok");
        if (!vPool.equals("tok")) {
            throw unsupported(v, "pool_type", vPool, "only 'tok' (class token) pooling is supported");
        }
        if (v.has("layers") && v.raw("layers").isArray()) {
            throw unsupported(v, "layers", v.raw("layers").toString(), "ResNet image towers are not supported");
        }
        rejectPresent(t, "hf_model_name", "HF text towers are not supported");
        rejectPresent(t, "ls_init_value", "layer scale is not supported");
        rejectTrue(t, "embed_cls", "a text class token is not supported");
        rejectTrue(t, "proj_bias", "a text projection with bias is not supported");
        String projType = t.optString("proj_type", "linear");
        if (!projType.equals("linear")) {
            throw unsupported(t, "proj_type", projType, "only the linear text projection is supported");
        }
        int imageSize = imageSize(v);
        long vWidth = v.optLong("width", 768);
        long headWidth = ConfigChecks.positive(v, "head_width", v.optLong("head_width", 64));
        int vHeads = (int) (vWidth / headWidth);
        ClipVisionConfig vision = new ClipVisionConfig(
                imageSize,
                v.optInt("patch_size", 16),
                vWidth,
                v.optInt("layers", 12),
                vHeads,
                (long) (vWidth * v.optDouble("mlp_ratio", 4.0)),
                normEps(v),
                act);
        long tWidth = t.optLong("width", 512);
        String tPool = t.optString("pool_type", "argmax");
        ClipTextConfig.Pooling pooling;
        switch (tPool) {
            case "argmax":
                pooling = ClipTextConfig.Pooling.ARGMAX;
                break;
            case "first":
                pooling = ClipTextConfig.Pooling.FIRST;
                break;
            case "last":
                pooling = ClipTextConfig.Pooling.LAST;
                break;
            default:
                throw unsupported(t, "pool_type", tPool, "expected argmax, first or last");
        }
        ClipTextConfig text = new ClipTextConfig(
                t.optInt("context_length", 77),
                t.optLong("vocab_size", 49408),
                tWidth,
                t.optInt("heads", 8),
                t.optInt("layers", 12),
                (long) (tWidth * t.optDouble("mlp_ratio", 4.0)),
                normEps(t),
                act,
                !t.optBoolean("no_causal_mask", false),
                pooling,
                -1);
        double[] mean = OPENAI_MEAN;
        double[] std = OPENAI_STD;
        Optional<JsonConfig> pre = root.optObject("preprocess_cfg");
        if (v.has("image_mean") && !v.isNull("image_mean")) {
            mean = v.doubleList("image_mean");
        }
        if (v.has("image_std") && !v.isNull("image_std")) {
            std = v.doubleList("image_std");
        }
        if (pre.isPresent()) {
            if (pre.get().has("mean") && !pre.get().isNull("mean")) {
                mean = pre.get().doubleList("mean");
            }
            if (pre.get().has("std") && !pre.get().isNull("std")) {
                std = pre.get().doubleList("std");
            }
        }
        String prefix = m.optBoolean("custom_text", false) ? "text." : "";
        return validated(new ClipConfig(ClipFormat.OPEN_CLIP, embed, vision, text, mean, std, prefix, root.source()));
    }

    /**
     * HF {@code CLIPModel}: {@code config.json}, and {@code preprocessor_config.json} if there is one (may be null).
     */
    public static ClipConfig parseHf(JsonConfig root, JsonConfig preprocessor) {
        String type = root.optString("model_type", "clip");
        if (!type.equals("clip")) {
            throw new UnsupportedModelException("model_type '" + type + "' in " + root.source()
                    + " is not a CLIP model: expected 'clip' (HF CLIPModel) or an OpenCLIP folder");
        }
        JsonConfig t = root.object("text_config");
        JsonConfig v = root.object("vision_config");
        int channels = v.optInt("num_channels", 3);
        if (channels != 3) {
            throw unsupported(v, "num_channels", Integer.toString(channels), "expected 3 (RGB)");
        }
        long vWidth = v.optLong("hidden_size", 768);
        ClipVisionConfig vision = new ClipVisionConfig(
                v.optInt("image_size", 224),
                v.optInt("patch_size", 32),
                vWidth,
                v.optInt("num_hidden_layers", 12),
                v.optInt("num_attention_heads", 12),
                v.optLong("intermediate_size", 3072),
                v.optDouble("layer_norm_eps", 1e-5),
                hfAct(v));
        long eos = t.optLong("eos_token_id", 2);
        ClipTextConfig text = new ClipTextConfig(
                t.optInt("max_position_embeddings", 77),
                t.optLong("vocab_size", 49408),
                t.optLong("hidden_size", 512),
                t.optInt("num_attention_heads", 8),
                t.optInt("num_hidden_layers", 12),
                t.optLong("intermediate_size", 2048),
                t.optDouble("layer_norm_eps", 1e-5),
                hfAct(t),
                true,
                eos == 2 ? ClipTextConfig.Pooling.ARGMAX : ClipTextConfig.Pooling.EOS_ID,
                eos);
        double[] mean = OPENAI_MEAN;
        double[] std = OPENAI_STD;
        if (preprocessor != null) {
            if (preprocessor.has("image_mean") && !preprocessor.isNull("image_mean")) {
                mean = preprocessor.doubleList("image_mean");
            }
            if (preprocessor.has("image_std") && !preprocessor.isNull("image_std")) {
                std = preprocessor.doubleList("image_std");
            }
        }
        return validated(new ClipConfig(
                ClipFormat.HF, root.optLong("projection_dim", 512), vision, text, mean, std, "", root.source()));
    }

    private static ClipConfig validated(ClipConfig c) {
        ClipVisionConfig v = c.vision;
        ClipTextConfig t = c.text;
        require(
                v.heads() > 0 && v.width() % v.heads() == 0,
                c,
                "vision width " + v.width() + " must be a positive multiple of the head count " + v.heads());
        require(
                t.heads() > 0 && t.width() % t.heads() == 0,
                c,
                "text width " + t.width() + " must be a positive multiple of the head count " + t.heads());
        require(
                v.patchSize() > 0 && v.imageSize() >= v.patchSize(),
                c,
                "image_size " + v.imageSize() + " must be at least patch_size " + v.patchSize());
        require(
                v.layers() > 0 && t.layers() > 0 && t.contextLength() > 0 && t.vocabSize() > 0,
                c,
                "layer counts, context length and vocabulary size must be positive");
        require(
                v.width() > 0 && t.width() > 0 && v.mlpWidth() > 0 && t.mlpWidth() > 0 && c.embedDim > 0,
                c,
                "widths, MLP widths and the embedding size must be positive");
        for (double eps : new double[] {v.layerNormEps(), t.layerNormEps()}) {
            require(eps > 0 && Double.isFinite(eps), c, "layer norm eps must be a finite number > 0, found " + eps);
        }
        require(
                c.mean.length == 3 && c.std.length == 3,
                c,
                "image mean and std need 3 values each, got " + c.mean.length + " and " + c.std.length);
        for (double s : c.std) {
            require(s > 0, c, "image std values must be > 0");
        }
        return c;
    }

    private static void require(boolean ok, ClipConfig c, String what) {
        if (!ok) {
            throw new UnsupportedModelException(c.source + ": " + what);
        }
    }

    private static int imageSize(JsonConfig v) {
        if (v.has("image_size") && v.raw("image_size").isArray()) {
            long[] hw = v.longList("image_size");
            if (hw.length != 2 || hw[0] != hw[1]) {
                throw unsupported(v, "image_size", v.raw("image_size").toString(), "only square images are supported");
            }
            return (int) hw[0];
        }
        return v.optInt("image_size", 224);
    }

    private static double normEps(JsonConfig tower) {
        return tower.optObject("norm_kwargs").map(n -> n.optDouble("eps", 1e-5)).orElse(1e-5);
    }

    private static Activation hfAct(JsonConfig c) {
        String name = c.optString("hidden_act", "quick_gelu");
        try {
            return Activation.fromHf(name);
        } catch (IllegalArgumentException e) {
            throw unsupported(c, "hidden_act", name, "expected quick_gelu, gelu, gelu_new or relu");
        }
    }

    private static void rejectPresent(JsonConfig c, String field, String why) {
        if (c.has(field) && !c.isNull(field)) {
            throw unsupported(c, field, c.raw(field).toString(), why);
        }
    }

    private static void rejectTrue(JsonConfig c, String field, String why) {
        if (c.optBoolean(field, false)) {
            throw unsupported(c, field, "true", why);
        }
    }

    private static UnsupportedModelException unsupported(JsonConfig c, String field, String value, String why) {
        return new UnsupportedModelException(c + ": field '" + field + "' = " + value + ": " + why);
    }

    /** An HF {@code CLIPConfig} (it has {@code model_type} or the HF tower objects), else an OpenCLIP model config. */
    public static boolean isHf(JsonConfig c) {
        return c.has("model_type") || c.has("vision_config") || c.has("text_config");
    }

    /** A bare config of either form (a bench preset or file): {@link #parseHf} or {@link #parseOpenClip}. */
    public static ClipConfig parseAny(JsonConfig c) {
        return isHf(c) ? parseHf(c, null) : parseOpenClip(c);
    }

    /**
     * Sets both towers' depth in a bare config of either form.
     *
     * @throws ConfigException if a tower object is missing
     */
    public static void setDepth(com.fasterxml.jackson.databind.node.ObjectNode root, int layers) {
        JsonConfig c = JsonConfig.of(root, "config");
        if (isHf(c)) {
            tower(root, "vision_config").put("num_hidden_layers", layers);
            tower(root, "text_config").put("num_hidden_layers", layers);
        } else {
            com.fasterxml.jackson.databind.node.ObjectNode model = root.has("model_cfg")
                    ? (com.fasterxml.jackson.databind.node.ObjectNode) root.get("model_cfg")
                    : root;
            tower(model, "vision_cfg").put("layers", layers);
            tower(model, "text_cfg").put("layers", layers);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode tower(
            com.fasterxml.jackson.databind.node.ObjectNode parent, String field) {
        if (!(parent.get(field) instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            throw new ConfigException("config has no '" + field + "' object to set the depth of");
        }
        return o;
    }
}
