package io.github.lxt4j.models.bnb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutput;
import io.github.lxt4j.io.SafeOutputFolder;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.SamePath;
import io.github.lxt4j.io.TensorInfo;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.Block4Weight;
import io.github.lxt4j.tensor.storage.Int8Weight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code lxt4j quantize --save}: loads a float checkpoint with {@code --weights nf4|fp4|int8} (and double
 * quantization) and writes the weights it stored in the layout of transformers + bitsandbytes
 * ({@link BnbCheckpoint}), every other tensor as it is, config.json with {@code quantization_config}, and the
 * tokenizer files; into one {@code model.safetensors} under the {@link SafeOutputFolder} policy. Loading the result
 * gives the same weights as quantizing the float checkpoint at load.
 */
public final class BnbWriter {
    /** Files copied beside the weights when the model folder has them (config.json is rewritten). */
    static final List<String> COPIED = List.of(
            "generation_config.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "tokenizer.model",
            "vocab.json",
            "merges.txt",
            "spiece.model");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BnbWriter() {}

    /** What was written: the folder and the number of weights stored quantized. */
    public record Result(Path dir, int quantized) {}

    /**
     * Writes {@code modelDir} quantized as {@code format} (nf4, fp4 or int8; {@code doubleQuant} for nf4/fp4) to
     * {@code outDir}: refused if it is not empty unless {@code force}.
     */
    public static Result write(Path modelDir, WeightFormat format, boolean doubleQuant, Path outDir, boolean force) {
        return write(modelDir, format, doubleQuant, outDir, force, () -> {});
    }

    /** As above; {@code beforeReplacing} runs just before a folder that is not empty is replaced. */
    public static Result write(
            Path modelDir,
            WeightFormat format,
            boolean doubleQuant,
            Path outDir,
            boolean force,
            Runnable beforeReplacing) {
        if (!format.isQuantized()) {
            throw new IllegalArgumentException("--save writes bitsandbytes nf4, fp4 or int8, not " + format);
        }
        if (doubleQuant && format == WeightFormat.INT8) {
            throw new IllegalArgumentException("--double-quant applies to nf4 and fp4, not int8");
        }
        if (SamePath.within(modelDir, outDir)) {
            throw new OutputException(
                    outDir, "it is or holds the model folder " + modelDir + "; choose another output folder");
        }
        SafeOutputFolder.check(outDir, force);
        LoadOptions options = LoadOptions.defaults().withWeights(format).withDoubleQuant(doubleQuant);
        try (Checkpoint ckpt = Checkpoint.open(modelDir)) {
            if (!BnbCheckpoint.of(ckpt).isEmpty()) {
                throw new ModelLoadException(
                        modelDir + " is already a bitsandbytes checkpoint; quantize its float" + " original instead");
            }
            int[] quantized = {0};
            try (PretrainedModel model = AutoModel.fromPretrained(modelDir, options)) {
                Map<String, StoredWeight> stored = WeightInventory.of((Module) model);
                BnbTensors tensors = new BnbTensors();
                for (String key : ckpt.keys()) {
                    StoredWeight w = stored.get(key);
                    if (w instanceof Block4Weight || w instanceof Int8Weight) {
                        tensors.addStored(key, w, ckpt.info(key).dtype());
                        quantized[0]++;
                    } else {
                        TensorInfo info = ckpt.info(key);
                        tensors.add(key, info.dtype(), info.shape(), () -> ckpt.read(key));
                    }
                }
                SafeOutputFolder.write(
                        outDir,
                        force,
                        dir -> {
                            SafetensorsWriter.stream(
                                    dir.resolve("model.safetensors"),
                                    tensors.entries(),
                                    Map.of("format", "pt"),
                                    tensors::data);
                            writeConfig(modelDir, dir, format, doubleQuant, quantizedDtype(ckpt));
                            copyTokenizerFiles(modelDir, dir);
                        },
                        beforeReplacing);
                return new Result(outDir.toAbsolutePath().normalize(), quantized[0]);
            }
        }
    }

    /** The dtype of the checkpoint's float weights, as torch names it (the quant state's {@code dtype}). */
    private static DType quantizedDtype(Checkpoint ckpt) {
        for (String k : ckpt.keys()) {
            DType d = ckpt.info(k).dtype();
            if (d.isFloating() && d != DType.FLOAT64) {
                return d;
            }
        }
        return DType.FLOAT32;
    }

    /** config.json with {@code quantization_config} as transformers' BitsAndBytesConfig.to_dict() writes it. */
    private static void writeConfig(
            Path modelDir, Path outDir, WeightFormat format, boolean doubleQuant, DType weightsDtype) {
        ObjectNode cfg;
        try {
            cfg = (ObjectNode) MAPPER.readTree(modelDir.resolve("config.json").toFile());
        } catch (IOException | ClassCastException e) {
            throw new ModelLoadException(
                    modelDir.resolve("config.json") + ": cannot read it as a JSON object: " + e.getMessage(), e);
        }
        BnbTensors.putQuantizationConfig(cfg, format, doubleQuant, weightsDtype);
        try {
            SafeOutput.writeUtf8(
                    outDir.resolve("config.json"),
                    MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(cfg) + "\n");
        } catch (IOException e) {
            throw new OutputException(outDir.resolve("config.json"), e.getMessage(), e);
        }
    }

    private static void copyTokenizerFiles(Path modelDir, Path outDir) {
        for (String name : COPIED) {
            Path src = modelDir.resolve(name);
            if (Files.isRegularFile(src)) {
                try {
                    SafeOutput.write(outDir.resolve(name), Files.readAllBytes(src));
                } catch (IOException e) {
                    throw new OutputException(src, "cannot read it: " + e.getMessage(), e);
                }
            }
        }
    }
}
