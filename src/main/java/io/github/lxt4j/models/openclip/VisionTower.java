package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.ConcatOp;
import io.github.lxt4j.autograd.ops.Conv2dOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.models.DualEncoderInputException;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ViT image tower, OpenCLIP's {@code VisionTransformer}: patch conv {@code visual.conv1} (no bias), class token
 * prepended, positional embedding added (site {@code visual.positional_embedding}, ADD: the constant absorbs its ε
 * share), {@code visual.ln_pre}, residual blocks {@code visual.transformer.resblocks.N}, {@code visual.ln_post} on
 * the class token, projection {@code visual.proj} (LINEAR, no bias).
 */
final class VisionTower extends Module {

    private final ClipVisionConfig cfg;
    private final Tensor patchWeight;
    private final Tensor classEmbedding;
    private final Tensor positions;
    private final Site conv;
    private final Site positionAdd;
    private final ClipLayerNorm lnPre;
    private final List<ClipBlock> blocks = new ArrayList<>();
    private final ClipLayerNorm lnPost;
    private final Linear proj;

    VisionTower(ClipVisionConfig cfg, ClipWeights w) {
        super("visual");
        this.cfg = cfg;
        patchWeight = w.patchWeight();
        classEmbedding = w.classEmbedding();
        positions = w.visionPositions();
        conv = site(OpKind.CONV2D, "conv1");
        positionAdd = site(OpKind.ADD, "positional_embedding");
        lnPre = child(new ClipLayerNorm("visual.ln_pre", w.lnPre(), cfg.layerNormEps()));
        for (int i = 0; i < cfg.layers(); i++) {
            blocks.add(child(new ClipBlock(
                    "visual.transformer.resblocks." + i,
                    w,
                    ClipWeights.Tower.VISION,
                    i,
                    cfg.heads(),
                    cfg.headDim(),
                    cfg.layerNormEps(),
                    cfg.activation())));
        }
        lnPost = child(new ClipLayerNorm("visual.ln_post", w.lnPost(), cfg.layerNormEps()));
        proj = child(new Linear("visual.proj", w.visualProjection(), null));
    }

    /** Checks that {@code shape} is [N, 3, S, S] with S the config's image size. */
    void checkInput(long[] shape) {
        int s = cfg.imageSize();
        if (shape.length != 4 || shape[1] != 3) {
            throw new DualEncoderInputException("image tensor has shape " + Arrays.toString(shape)
                    + ": expected [N, 3, " + s + ", " + s + "] (RGB, normalised)"
                    + (shape.length == 4 ? ", got " + shape[1] + " channels" : ""));
        }
        if (shape[0] < 1 || shape[2] != s || shape[3] != s) {
            throw new DualEncoderInputException("image tensor has shape " + Arrays.toString(shape)
                    + ": expected [N, 3, " + s + ", " + s + "] with N >= 1 (the model's image_size is " + s
                    + "; preprocess images with ClipModel.preprocess)");
        }
    }

    /** pixels [N, 3, S, S] → image features [N, embed_dim] (before normalisation). */
    Var forward(Var pixels) {
        checkInput(pixels.shape());
        long n = pixels.shape()[0];
        long width = cfg.width();
        Var x = Conv2dOp.apply(conv, pixels, patchWeight, null, cfg.patchSize(), 0); // [N, W, g, g]
        long patches = x.shape()[2] * x.shape()[3];
        x = PermuteOp.transpose(ReshapeOp.apply(x, n, width, patches), 1, 2); // [N, g*g, W]
        Var cls = Var.constant(classEmbedding.reshape(1, 1, width).expand(n, 1, width));
        x = ConcatOp.apply(List.of(cls, x), 1);
        x = AddOp.apply(positionAdd, x, positions);
        x = lnPre.forward(x);
        for (ClipBlock b : blocks) {
            x = b.forward(x, null);
        }
        return proj.forward(lnPost.forward(SliceOp.select(x, 1, 0)));
    }
}
