package io.github.lxt4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution lowered to im2col + matmul, and its adjoint (col2im), built only from {@link Tensor} primitives so
 * that every backend has it. A patch embedding (stride = kernel, no padding) takes a reshape-only fast path.
 */
public final class Convolutions {
    private Convolutions() {}

    public static long outSize(long in, int kernel, int stride, int pad) {
        return (in + 2L * pad - kernel) / stride + 1;
    }

    /** x [B,C,H,W], w [O,C,kh,kw] → [B,O,oh,ow]. */
    public static Tensor conv2d(Tensor x, Tensor w, int sh, int sw, int ph, int pw) {
        long[] xs = x.shape();
        long[] ws = w.shape();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d: input " + Arrays.toString(xs) + " and weight "
                    + Arrays.toString(ws) + " must be [B,C,H,W] and [O,C,kh,kw]");
        }
        int kh = (int) ws[2];
        int kw = (int) ws[3];
        long oh = outSize(xs[2], kh, sh, ph);
        long ow = outSize(xs[3], kw, sw, pw);
        Tensor cols = im2col(x, kh, kw, sh, sw, ph, pw); // [B, L, C*kh*kw]
        Tensor wm = w.reshape(ws[0], ws[1] * kh * kw).transpose(0, 1); // [C*kh*kw, O]
        return cols.matmul(wm).transpose(1, 2).reshape(xs[0], ws[0], oh, ow);
    }

    /** [B,C,H,W] → [B, oh*ow, C*kh*kw], columns ordered (c, i, j) like a flattened weight. */
    public static Tensor im2col(Tensor x, int kh, int kw, int sh, int sw, int ph, int pw) {
        long[] xs = x.shape();
        long b = xs[0];
        long c = xs[1];
        long oh = outSize(xs[2], kh, sh, ph);
        long ow = outSize(xs[3], kw, sw, pw);
        if (sh == kh && sw == kw && ph == 0 && pw == 0) {
            Tensor cropped = x.slice(2, 0, oh * kh).slice(3, 0, ow * kw);
            return cropped.reshape(b, c, oh, kh, ow, kw)
                    .permute(0, 2, 4, 1, 3, 5)
                    .reshape(b, oh * ow, c * kh * kw);
        }
        Tensor padded = pad(x, ph, pw);
        List<Tensor> taps = new ArrayList<>(kh * kw);
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                taps.add(padded.slice(2, i, i + sh * (oh - 1) + 1, sh).slice(3, j, j + sw * (ow - 1) + 1, sw));
            }
        }
        Tensor stacked = x.backend().stack(taps, 2); // [B, C, kh*kw, oh, ow]
        return stacked.reshape(b, c * kh * kw, oh * ow).transpose(1, 2);
    }

    /** The adjoint of {@link #im2col}: sums columns [B, L, C*kh*kw] back into an image of {@code inShape}. */
    public static Tensor col2im(Tensor cols, long[] inShape, int kh, int kw, int sh, int sw, int ph, int pw) {
        long b = inShape[0];
        long c = inShape[1];
        long h = inShape[2];
        long wd = inShape[3];
        long oh = outSize(h, kh, sh, ph);
        long ow = outSize(wd, kw, sw, pw);
        Tensor grid = cols.transpose(1, 2).reshape(b, c, kh, kw, oh, ow);
        if (sh == kh && sw == kw && ph == 0 && pw == 0) {
            Tensor img = grid.permute(0, 1, 4, 2, 5, 3).reshape(b, c, oh * kh, ow * kw);
            return padTo(img, 0, h - oh * kh, 0, wd - ow * kw);
        }
        long hp = h + 2L * ph;
        long wp = wd + 2L * pw;
        Tensor acc = null;
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                Tensor tap = grid.slice(2, i, i + 1).slice(3, j, j + 1).reshape(b, c, oh, ow);
                Tensor spread = dilate(dilate(tap, 2, sh), 3, sw);
                long lh = spread.dim(2);
                long lw = spread.dim(3);
                Tensor placed = padTo(spread, i, hp - i - lh, j, wp - j - lw);
                acc = acc == null ? placed : acc.add(placed);
            }
        }
        return acc.slice(2, ph, ph + h).slice(3, pw, pw + wd);
    }

    /** Inserts stride-1 zeros between entries along {@code axis}: length n → (n-1)*stride+1. */
    static Tensor dilate(Tensor t, int axis, int stride) {
        if (stride == 1) {
            return t;
        }
        long[] s = t.shape();
        long n = s[axis];
        Tensor withAxis = t.unsqueeze(axis + 1);
        long[] zerosShape = withAxis.shape();
        zerosShape[axis + 1] = stride - 1;
        Tensor zeros = t.backend().zeros(t.dtype(), zerosShape);
        Tensor inter = t.backend().concat(List.of(withAxis, zeros), axis + 1);
        long[] flat = s.clone();
        flat[axis] = n * stride;
        return inter.reshape(flat).slice(axis, 0, (n - 1) * stride + 1);
    }

    static Tensor pad(Tensor x, int ph, int pw) {
        return padTo(x, ph, ph, pw, pw);
    }

    /** Zero-pads axes 2 and 3 by the given amounts before and after. */
    static Tensor padTo(Tensor x, long top, long bottom, long left, long right) {
        Tensor r = padAxis(x, 2, top, bottom);
        return padAxis(r, 3, left, right);
    }

    private static Tensor padAxis(Tensor x, int axis, long before, long after) {
        if (before == 0 && after == 0) {
            return x;
        }
        List<Tensor> parts = new ArrayList<>(3);
        long[] s = x.shape();
        if (before > 0) {
            s[axis] = before;
            parts.add(x.backend().zeros(x.dtype(), s.clone()));
        }
        parts.add(x);
        if (after > 0) {
            s[axis] = after;
            parts.add(x.backend().zeros(x.dtype(), s.clone()));
        }
        return x.backend().concat(parts, axis);
    }
}
