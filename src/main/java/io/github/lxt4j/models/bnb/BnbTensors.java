package io.github.lxt4j.models.bnb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.Block4Weight;
import io.github.lxt4j.tensor.storage.BlockAbsmax;
import io.github.lxt4j.tensor.storage.HalfWeight;
import io.github.lxt4j.tensor.storage.Int8Weight;
import io.github.lxt4j.tensor.storage.NestedAbsmax;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tensors of a safetensors file in the layout of transformers + bitsandbytes ({@link BnbCheckpoint}), collected
 * header first and data later so that {@link SafetensorsWriter#stream} holds one tensor in memory at a time: a 4-bit
 * weight becomes its packed codes, absmax (or nested absmax), quant map and packed JSON quant state; an LLM.int8
 * weight its int8 codes, {@code SCB} and {@code weight_format}; a 16-bit weight its bytes; anything else a tensor as
 * given.
 */
public final class BnbTensors {
    private final Map<String, SafetensorsWriter.Entry> entries = new LinkedHashMap<>();
    private final Map<String, Supplier<TensorData>> data = new LinkedHashMap<>();
    private long bytes;

    /** The header entries, in the order they were added. */
    public Map<String, SafetensorsWriter.Entry> entries() {
        return entries;
    }

    /** The data of tensor {@code key}, fetched when the file is written. */
    public TensorData data(String key) {
        return data.get(key).get();
    }

    /** The data bytes added so far. */
    public long bytes() {
        return bytes;
    }

    /** The tensor names added so far. */
    public Set<String> keys() {
        return entries.keySet();
    }

    /**
     * Adds {@code w} under {@code key} in its stored form: 4-bit and int8 weights in bitsandbytes' layout (the quant
     * state names {@code sourceDtype}, the dtype of the float weights they were quantized from), bf16/f16 weights as
     * their bytes. Dense float32 weights are refused: add them with {@link #add(String, DType, long[], Supplier)}.
     */
    public void addStored(String key, StoredWeight w, DType sourceDtype) {
        if (w instanceof Block4Weight b) {
            addFourBit(key, b, sourceDtype);
        } else if (w instanceof Int8Weight q) {
            addInt8(key, q);
        } else if (w instanceof HalfWeight h) {
            DType d = h.format() == WeightFormat.BF16 ? DType.BFLOAT16 : DType.FLOAT16;
            add(key, d, h.shape(), () -> TensorData.ofBytes(d, h.bytes(), h.shape()));
        } else {
            throw new IllegalArgumentException(key + ": " + w.format() + " is not a stored form of a bitsandbytes"
                    + " checkpoint (nf4, fp4, int8, bf16, f16)");
        }
    }

    private void addFourBit(String key, Block4Weight b, DType sourceDtype) {
        long[] shape = b.shape();
        long n = b.packedBytes().remaining();
        BlockAbsmax scales = b.absmaxStorage();
        add(key, DType.UINT8, new long[] {n, 1}, () -> TensorData.ofBytes(DType.UINT8, b.packedBytes(), n, 1));
        NestedAbsmax nested = scales instanceof NestedAbsmax x ? x : null;
        if (nested == null) {
            int blocks = (int) (n * 2 / Block4Weight.BLOCK);
            add(key + ".absmax", DType.FLOAT32, new long[] {blocks}, () -> {
                float[] a = b.blockAbsmax();
                return TensorData.ofFloats(a, a.length);
            });
        } else {
            int blocks = nested.blocks();
            add(
                    key + ".absmax",
                    DType.UINT8,
                    new long[] {blocks},
                    () -> TensorData.ofBytes(DType.UINT8, nested.codes(), blocks));
        }
        float[] table = StoredWeights.codeValues(b.format());
        add(key + ".quant_map", DType.FLOAT32, new long[] {16}, () -> TensorData.ofFloats(table, 16));
        if (nested != null) {
            float[] a2 = nested.nestedAbsmax();
            float[] code = nested.code();
            add(
                    key + ".nested_absmax",
                    DType.FLOAT32,
                    new long[] {a2.length},
                    () -> TensorData.ofFloats(a2, a2.length));
            add(
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
        add(
                key + ".quant_state.bitsandbytes__" + b.format().cliName(),
                DType.UINT8,
                new long[] {json.length},
                () -> TensorData.ofBytes(DType.UINT8, ByteBuffer.wrap(json), json.length));
    }

    private void addInt8(String key, Int8Weight q) {
        long[] shape = q.shape();
        String prefix = key.substring(0, key.length() - ".weight".length());
        add(key, DType.INT8, shape, () -> TensorData.ofBytes(DType.INT8, q.codeBytes(), shape));
        add(prefix + ".SCB", DType.FLOAT32, new long[] {shape[0]}, () -> {
            float[] scb = q.rowAbsmax();
            return TensorData.ofFloats(scb, scb.length);
        });
        add(
                prefix + ".weight_format",
                DType.UINT8,
                new long[0],
                () -> TensorData.ofBytes(DType.UINT8, ByteBuffer.wrap(new byte[] {0})));
    }

    /** Adds a tensor whose data {@code tensor} supplies when the file is written. */
    public void add(String key, DType dtype, long[] shape, Supplier<TensorData> tensor) {
        SafetensorsWriter.Entry e = new SafetensorsWriter.Entry(dtype, shape);
        entries.put(key, e);
        data.put(key, tensor);
        long n = dtype.bytes();
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        bytes += n;
    }

    /**
     * Adds {@code quantization_config} to {@code config} as transformers' BitsAndBytesConfig.to_dict() writes it
     * for {@code format} (nf4, fp4 or int8), {@code lm_head} left unquantized.
     */
    public static void putQuantizationConfig(
            ObjectNode config, WeightFormat format, boolean doubleQuant, DType weightsDtype) {
        boolean four = format != WeightFormat.INT8;
        ObjectNode q = config.putObject("quantization_config");
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
    }

    /** {@code d} as torch names it. */
    static String torchName(DType d) {
        switch (d) {
            case BFLOAT16:
                return "bfloat16";
            case FLOAT16:
                return "float16";
            default:
                return "float32";
        }
    }
}
