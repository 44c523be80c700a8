package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.tensor.Tensor;

/** Element-wise activations: forward and derivative. */
public enum Activation {
    /** x·σ(x). */
    SILU {
        @Override
        public Tensor apply(Tensor x) {
            return x.mul(x.sigmoid());
        }

        @Override
        public Tensor derivative(Tensor x) {
            Tensor s = x.sigmoid();
            return s.mul(x.mul(s.neg().add(1)).add(1));
        }
    },
    /** Exact GELU: x·Φ(x) with the erf. */
    GELU {
        @Override
        public Tensor apply(Tensor x) {
            return x.mul(x.mul(1 / Math.sqrt(2)).erf().add(1)).mul(0.5);
        }

        @Override
        public Tensor derivative(Tensor x) {
            Tensor cdf = x.mul(1 / Math.sqrt(2)).erf().add(1).mul(0.5);
            Tensor pdf = x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
            return cdf.add(x.mul(pdf));
        }
    },
    /** tanh approximation of GELU (HF "gelu_new", "gelu_pytorch_tanh"). */
    GELU_TANH {
        private final double c = Math.sqrt(2 / Math.PI);

        @Override
        public Tensor apply(Tensor x) {
            Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(c);
            return x.mul(inner.tanh().add(1)).mul(0.5);
        }

        @Override
        public Tensor derivative(Tensor x) {
            Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(c);
            Tensor t = inner.tanh();
            Tensor dInner = x.square().mul(3 * 0.044715).add(1).mul(c);
            Tensor sech2 = t.square().neg().add(1);
            return t.add(1).mul(0.5).add(x.mul(0.5).mul(sech2).mul(dInner));
        }
    },
    /** x·σ(1.702·x) (OpenAI CLIP). */
    QUICK_GELU {
        @Override
        public Tensor apply(Tensor x) {
            return x.mul(x.mul(1.702).sigmoid());
        }

        @Override
        public Tensor derivative(Tensor x) {
            Tensor s = x.mul(1.702).sigmoid();
            return s.add(x.mul(1.702).mul(s).mul(s.neg().add(1)));
        }
    },
    RELU {
        @Override
        public Tensor apply(Tensor x) {
            return x.relu();
        }

        @Override
        public Tensor derivative(Tensor x) {
            return x.gt(0).toDType(x.dtype());
        }
    },
    /** tanh (BERT's pooler, RoBERTa's classification head). */
    TANH {
        @Override
        public Tensor apply(Tensor x) {
            return x.tanh();
        }

        @Override
        public Tensor derivative(Tensor x) {
            return x.tanh().square().neg().add(1);
        }
    };

    public abstract Tensor apply(Tensor x);

    public abstract Tensor derivative(Tensor x);

    /** Parses HF's {@code hidden_act} / {@code dense_act_fn} names. */
    public static Activation fromHf(String name) {
        switch (name) {
            case "silu":
            case "swish":
                return SILU;
            case "gelu":
                return GELU;
            case "gelu_new":
            case "gelu_pytorch_tanh":
            case "gelu_fast":
                return GELU_TANH;
            case "quick_gelu":
                return QUICK_GELU;
            case "relu":
                return RELU;
            case "tanh":
                return TANH;
            default:
                throw new IllegalArgumentException("unsupported activation '" + name
                        + "': expected silu, gelu, gelu_new, gelu_pytorch_tanh, quick_gelu, relu or tanh");
        }
    }
}
