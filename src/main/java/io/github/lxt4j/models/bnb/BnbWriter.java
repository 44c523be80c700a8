package io.github.lxt4j.models.bnb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutput;
import io.github.lxt4j.io.SafeOutputFolder;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.SamePath;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.TensorInfo;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.Block4Weight;
import io.github.lxt4j.tensor.storage.BlockAbsmax;
import io.github.lxt4j.tensor.storage.Int8Weight;
import io.github.lxt4j.tensor.storage.NestedAbsmax;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
                Map<String, SafetensorsWriter.Entry> entries = new LinkedHashMap<>();
                Map<String, Supplier<TensorData>> data = new LinkedHashMap<>();
                for (String key : ckpt.keys()) {
                    StoredWeight w = stored.get(key);
                    if (w instanceof Block4Weight b) {
                        addFourBit(key, b, ckpt.info(key).dtype(), entries, data);
                        quantized[0]++;
                    } else if (w instanceof Int8Weight q) {
                        addInt8(key, q, entries, data);
                        quantized[0]++;
                    } else {
                        TensorInfo info = ckpt.info(key);
                        put(entries, data, key, info.dtype(), info.shape(), () -> ckpt.read(key));
                    }
                }
                SafeOutputFolder.write(
                        outDir,
                        force,
                        dir -> {
                            SafetensorsWriter.stream(
                                    dir.resolve("model.safetensors"),
                                    entries,
                                    Map.of("format", "pt"),
                                    k -> data.get(k).get());
                            writeConfig(modelDir, dir, format, doubleQuant, quantizedDtype(ckpt));
                            copyTokenizerFiles(modelDir, dir);
                        },
                        beforeReplacing);
                return new Result(outDir.toAbsolutePath().normalize(), quantized[0]);
            }
        }
    }

    private static void addFourBit(
            String key,
            Block4Weight b,
            DType sourceDtype,
            Map<String, SafetensorsWriter.Entry> entries,
            Map<String, Supplier<TensorData>> data) {
        long[] shape = b.shape();
        long n = b.packedBytes().remaining();
        BlockAbsmax scales = b.absmaxStorage();
        put(
                entries,
                data,
                key,
                DType.UINT8,
                new long[] {n, 1},
                () -> TensorData.ofBytes(DType.UINT8, b.packedBytes(), n, 1));
        NestedAbsmax nested = scales instanceof NestedAbsmax x ? x : null;
        if (nested == null) {
            float[] a = b.blockAbsmax();
            put(
                    entries,
                    data,
                    key + ".absmax",
                    DType.FLOAT32,
                    new long[] {a.length},
                    () -> TensorData.ofFloats(a, a.length));
        } else {
            int blocks = nested.blocks();
            put(
                    entries,
                    data,
                    key + ".absmax",
                    DType.UINT8,
                    new long[] {blocks},
                    () -> TensorData.ofBytes(DType.UINT8, nested.codes(), blocks));
        }
        float[] table = StoredWeights.codeValues(b.format());
        put(entries, data, key + ".quant_map", DType.FLOAT32, new long[] {16}, () -> TensorData.ofFloats(table, 16));
        if (nested != null) {
            float[] a2 = nested.nestedAbsmax();
            float[] code = nested.code();
            put(
                    entries,
                    data,
                    key + ".nested_absmax",
                    DType.FLOAT32,
                    new long[] {a2.length},
                    () -> TensorData.ofFloats(a2, a2.length));
            put(
                    entries,
                    data,
                    key + ".nested_quant_map",
                    DType.FLOAT32,
                    new long[] {code.length},
                    () -> TensorData.ofFloats(code, code.length));
        }
        BnbQuantState state = new BnbQuantState(
                b.format(),
                Block4Weight.BLOCK,
                torchName(sourceDtype),
                shape,
                nested == null ? 0 : nested.nestedBlock(),
                nested == null ? null : "float32",
                nested == null ? Float.NaN : nested.offset());
        byte[] json = state.toJson().getBytes(StandardCharsets.UTF_8);
        put(
                entries,
                data,
                key + ".quant_state.bitsandbytes__" + b.format().cliName(),
                DType.UINT8,
                new long[] {json.length},
                () -> TensorData.ofBytes(DType.UINT8, ByteBuffer.wrap(json), json.length));
    }

    private static void addInt8(
            String key,
            Int8Weight q,
            Map<String, SafetensorsWriter.Entry> entries,
            Map<String, Supplier<TensorData>> data) {
        long[] shape = q.shape();
        String prefix = key.substring(0, key.length() - ".weight".length());
        float[] scb = q.rowAbsmax();
        put(entries, data, key, DType.INT8, shape, () -> TensorData.ofBytes(DType.INT8, q.codeBytes(), shape));
        put(
                entries,
                data,
                prefix + ".SCB",
                DType.FLOAT32,
                new long[] {scb.length},
                () -> TensorData.ofFloats(scb, scb.length));
        put(
                entries,
                data,
                prefix + ".weight_format",
                DType.UINT8,
                new long[0],
                () -> TensorData.ofBytes(DType.UINT8, ByteBuffer.wrap(new byte[] {0})));
    }

    private static void put(
            Map<String, SafetensorsWriter.Entry> entries,
            Map<String, Supplier<TensorData>> data,
            String key,
            DType dtype,
            long[] shape,
            Supplier<TensorData> tensor) {
        entries.put(key, new SafetensorsWriter.Entry(dtype, shape));
        data.put(key, tensor);
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

    private static String torchName(DType d) {
        switch (d) {
            case BFLOAT16:
                return "bfloat16";
            case FLOAT16:
                return "float16";
            default:
                return "float32";
        }
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
        boolean four = format != WeightFormat.INT8;
        ObjectNode q = cfg.putObject("quantization_config");
        q.put("quant_method", "bitsandbytes");
        q.put("_load_in_4bit", four).put("_load_in_8bit", !four);
        q.put("load_in_4bit", four).put("load_in_8bit", !four);
        q.put("llm_int8_threshold", 6.0);
        q.putArray("llm_int8_skip_modules").add("lm_head");
        q.put("llm_int8_enable_fp32_cpu_offload", false).put("llm_int8_has_fp16_weight", false);
        q.put("bnb_4bit_quant_type", four ? format.cliName() : "fp4");
        q.put("bnb_4bit_use_double_quant", doubleQuant);
        q.put("bnb_4bit_compute_dtype", torchName(weightsDtype));
        q.put("bnb_4bit_quant_storage", "uint8");
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
