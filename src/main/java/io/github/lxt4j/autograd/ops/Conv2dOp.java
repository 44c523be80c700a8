package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Convolutions;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.DenseWeight;
import java.util.Arrays;

/**
 * 2-D convolution {@code z = conv(x, W) + b}, x [B,C,H,W], W [O,C,kh,kw], b [O]; zero padding, no dilation or groups.
 * Gradient: {@code ∂x = col2im(R · Wm)}, the adjoint of the convolution. Epsilon (AttnLRP Eq. 6):
 * {@code R_x = x ⊙ convᵀ(R / stab(z))}; the bias absorbs its share. Also Gamma, ZPlus, AlphaBeta, Flat, WSquare and
 * ZBox, and every other {@code LinearRule}, exactly as for {@link LinearOp}; padded zeros take no part. Stop: none.
 */
public final class Conv2dOp extends LinearLayer {

    private Conv2dOp(LinearMap map, Tensor x, Tensor w, Tensor b, Tensor z, String path) {
        super(map, x, new DenseWeight(path + ".weight", w), b, z);
    }

    /** Same stride and padding on both spatial axes. @param bias [O] or null */
    public static Var apply(Site site, Var x, Tensor weight, Tensor bias, int stride, int padding) {
        return apply(site, x, weight, bias, stride, stride, padding, padding);
    }

    /** @param bias [O] or null */
    public static Var apply(
            Site site, Var x, Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        long[] xs = x.shape();
        long[] ws = weight.shape();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d at '" + site.path() + "': input " + Arrays.toString(xs)
                    + " and weight " + Arrays.toString(ws) + " must be [B,C,H,W] and [O,C,kh,kw] with equal C");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != ws[0])) {
            throw new IllegalArgumentException("conv2d at '" + site.path() + "': bias has shape "
                    + Arrays.toString(bias.shape()) + ", expected [" + ws[0] + "]");
        }
        if (strideH < 1
                || strideW < 1
                || padH < 0
                || padW < 0
                || xs[2] + 2L * padH < ws[2]
                || xs[3] + 2L * padW < ws[3]) {
            throw new IllegalArgumentException("conv2d at '" + site.path() + "': kernel " + ws[2] + "x" + ws[3]
                    + " with stride " + strideH + "x" + strideW + " and padding " + padH + "x" + padW
                    + " does not fit input " + Arrays.toString(xs));
        }
        LinearMap map = new ConvMap(xs, (int) ws[2], (int) ws[3], strideH, strideW, padH, padW);
        Tensor z = map.apply(x.value(), weight);
        if (bias != null) {
            z = map.addBias(z, bias);
        }
        return new Conv2dOp(map, x.value(), weight, bias, z, site.path()).record1(site, z, x);
    }

    /** The convolution as a {@link LinearMap}: forward by the backend's conv2d, adjoint by col2im. */
    private static final class ConvMap implements LinearMap {
        private final long[] inShape;
        private final int kh;
        private final int kw;
        private final int sh;
        private final int sw;
        private final int ph;
        private final int pw;

        ConvMap(long[] inShape, int kh, int kw, int sh, int sw, int ph, int pw) {
            this.inShape = inShape;
            this.kh = kh;
            this.kw = kw;
            this.sh = sh;
            this.sw = sw;
            this.ph = ph;
            this.pw = pw;
        }

        @Override
        public Tensor apply(Tensor x, Tensor w) {
            return x.conv2d(w, sh, sw, ph, pw);
        }

        @Override
        public Tensor adjoint(Tensor g, Tensor w) {
            long[] gs = g.shape(); // [B, O, oh, ow]
            Tensor wm = w.reshape(gs[1], inShape[1] * kh * kw); // [O, C*kh*kw]
            Tensor cols = g.reshape(gs[0], gs[1], gs[2] * gs[3]).transpose(1, 2).matmul(wm);
            return Convolutions.col2im(cols, inShape, kh, kw, sh, sw, ph, pw);
        }

        @Override
        public Tensor addBias(Tensor z, Tensor b) {
            return z.add(b.reshape(1, b.dim(0), 1, 1));
        }
    }
}
