package io.github.lxt4j.spark;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.ModelBuilder;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.mixtral.MixtralForCausalLM;
import io.github.lxt4j.models.t5.T5Config;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.viz.TokenScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM (a Spark executor, or the driver in local mode): each {@link ModelKey} is loaded once, on
 * first use, and then shared by every task of the JVM until it exits. A load that fails is not kept, so the next task
 * tries again (and fails the same way on a model that cannot load).
 */
public final class ExecutorModels {
    private static final ConcurrentHashMap<ModelKey, Slot> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /** How many models this JVM has loaded so far. */
    public static int loadCount() {
        return LOADS.get();
    }

    static ExecutorModel get(ModelKey key) {
        return MODELS.computeIfAbsent(key, k -> new Slot()).get(key);
    }

    /** Loads its model once; tasks that ask while it loads wait for it. */
    private static final class Slot {
        private ExecutorModel model;

        synchronized ExecutorModel get(ModelKey key) {
            if (model == null) {
                model = load(key);
                LOADS.incrementAndGet();
            }
            return model;
        }
    }

    private static ExecutorModel load(ModelKey key) {
        Path dir = Path.of(key.folder());
        if (!key.weights().equals(SparkExplainer.DEFAULT_WEIGHTS)) {
            throw new ModelLoadException("weights '" + key.weights() + "' for " + dir + ": this version of lxt4j holds"
                    + " weights in the compute dtype only (weights " + SparkExplainer.DEFAULT_WEIGHTS + ")");
        }
        String type = ModelBuilder.readConfig(dir).requireString("model_type");
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new ModelLoadException("explaining prompts needs the model's tokenizer.json, which " + dir
                    + " lacks");
        }
        Backend backend = Backends.byName(key.backend(), Device.parse(key.device()));
        DType dtype = DType.parse(key.dtype());
        TokenScheme scheme = TokenScheme.ofModelFolder(dir);
        HfTokenizer tokenizer = HfTokenizer.open(dir);
        try {
            if (type.equals("mixtral")) {
                return new ExecutorModel.Decoder(new CausalLmExplainer(MixtralForCausalLM.fromPretrained(dir, backend,
                        dtype), tokenizer), scheme);
            }
            if (LlamaConfig.DECODER_TYPES.contains(type)) {
                return new ExecutorModel.Decoder(new CausalLmExplainer(LlamaForCausalLM.fromPretrained(dir, backend,
                        dtype), tokenizer), scheme);
            }
            if (T5Config.TYPES.contains(type)) {
                return new ExecutorModel.Seq2Seq(new T5Explainer(T5ForConditionalGeneration.fromPretrained(dir,
                        backend, dtype), tokenizer), scheme);
            }
            throw new UnsupportedModelException("model_type '" + type + "' in " + dir.resolve("config.json")
                    + ": the Spark integration explains decoder LMs (" + LlamaConfig.DECODER_TYPES + ") and T5 "
                    + T5Config.TYPES);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }
}
