package io.github.lxt4j.bench;

import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.models.ImageClassifier;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.Seq2SeqLm;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Builds any registered family on random weights ({@link ModelFamily#generate}) and wraps it in the bench target of
 * its capability: a causal LM, a seq2seq LM and a text classifier are timed with AttnLRP, a dual encoder and an
 * image classifier with CP-LRP (LXT's recipe for vision transformers). Options a capability does not take are
 * refused before anything is built.
 */
final class BenchTargets {
    private BenchTargets() {}

    /** The timed method of a capability: AttnLRP, or CP-LRP for vision transformers (LXT's recipe for ViTs). */
    static Method method(Capability capability) {
        return capability == Capability.DUAL_ENCODER || capability == Capability.IMAGE_CLASSIFIER
                ? Method.CP_LRP
                : Method.ATTNLRP;
    }

    static BenchTarget open(JsonConfig json, BenchSpec s) {
        return open(json, s, null, null);
    }

    /**
     * As {@link #open(JsonConfig, BenchSpec)}; with a {@code saveDir}, the weights are written there once and loaded
     * from it memory-mapped ({@link SavedCheckpoint}), decoder LMs only.
     */
    static BenchTarget open(JsonConfig json, BenchSpec s, Path saveDir, PrintWriter progress) {
        ModelFamily family = AutoModel.family(json);
        Method method = method(family.capability());
        if (family.capability() != Capability.CAUSAL_LM) {
            s.rejectBudget(family.capability().description() + "s");
        }
        switch (family.capability()) {
            case SEQ2SEQ_LM:
                s.rejectCheckpoint("T5");
                break;
            case DUAL_ENCODER:
                ClipTarget.checkOptions(s);
                break;
            case IMAGE_CLASSIFIER:
                ImageClassifierTarget.checkOptions(s);
                break;
            default:
                break;
        }
        if (saveDir != null && family.capability() != Capability.CAUSAL_LM) {
            throw new BenchOptionException("--save-dir is implemented for decoder LMs (the big models), not for "
                    + family.name() + " (" + s.config() + ")");
        }
        PretrainedModel model = saveDir != null
                ? SavedCheckpoint.open(json, s, saveDir, progress)
                : family.generate(json, new RandomWeights(s.seed(), RandomWeights.STD), s.loadOptions());
        try {
            return model.accept(new ModelVisitor<BenchTarget>() {
                @Override
                public BenchTarget visitCausalLm(CausalLm m) {
                    return new DecoderTarget(m, s, method);
                }

                @Override
                public BenchTarget visitSeq2Seq(Seq2SeqLm m) {
                    return new T5Target(m, s, method);
                }

                @Override
                public BenchTarget visitDualEncoder(DualEncoder m) {
                    return new ClipTarget(m, s.seed(), method);
                }

                @Override
                public BenchTarget visitTextClassifier(TextClassifier m) {
                    return new TextClassifierTarget(m, s, method);
                }

                @Override
                public BenchTarget visitImageClassifier(ImageClassifier m) {
                    return new ImageClassifierTarget(m, s, method);
                }
            });
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** Refuses what a family of dense-only weights cannot take. */
    static void requireDenseWeights(BenchSpec s, String family) {
        if (s.weights() != WeightFormat.F32) {
            throw new BenchOptionException("--weights " + s.weights() + ": " + family + " is benchmarked with dense"
                    + " weights only (--weights f32)");
        }
    }
}
