package io.github.lxt4j.models.vit;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.ConcatOp;
import io.github.lxt4j.autograd.ops.Conv2dOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.List;

/**
 * ViT's embeddings: the patch convolution (site {@code vit.embeddings.patch_embeddings.projection}, CONV2D, stride =
 * kernel = patch), flattened row-major over the patch grid, the class token prepended (a constant) and the learned
 * position embeddings added (site {@code vit.embeddings.add_position}, ADD: the constant absorbs its ε share).
 */
final class ViTEmbeddings extends Module {

    private final ViTConfig config;
    private final Tensor patchWeight;
    private final Tensor patchBias;
    private final Tensor cls;
    private final Tensor positions;
    private final Site conv;
    private final Site addPosition;

    ViTEmbeddings(ViTConfig c, WeightSource w) {
        super("vit.embeddings");
        this.config = c;
        long d = c.hiddenSize();
        String proj = join(path(), "patch_embeddings.projection");
        patchWeight = w.get(proj + ".weight", d, c.numChannels(), c.patchSize(), c.patchSize());
        patchBias = w.get(proj + ".bias", d);
        cls = w.get(join(path(), "cls_token"), 1, 1, d);
        positions = w.get(join(path(), "position_embeddings"), 1, c.tokens(), d);
        // ViTForMaskedImageModeling's mask token is unused by the classifier
        w.has(join(path(), "mask_token"));
        conv = site(OpKind.CONV2D, "patch_embeddings.projection");
        addPosition = site(OpKind.ADD, "add_position");
    }

    /** pixels [N, C, S, S] → the input of layer 0, [N, 1 + patches, hidden]. */
    Var forward(Var pixels) {
        long n = pixels.shape()[0];
        long d = config.hiddenSize();
        Var x = Conv2dOp.apply(conv, pixels, patchWeight, patchBias, config.patchSize(), 0); // [N, D, g, g]
        long patches = x.shape()[2] * x.shape()[3];
        x = PermuteOp.transpose(ReshapeOp.apply(x, n, d, patches), 1, 2); // [N, g·g, D]
        Var token = Var.constant(cls.expand(n, 1, d));
        return AddOp.apply(addPosition, ConcatOp.apply(List.of(token, x), 1), positions);
    }
}
