package io.github.lxt4j.models.bnb;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.WeightShapeException;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.Block4Weight;
import io.github.lxt4j.tensor.storage.BlockAbsmax;
import io.github.lxt4j.tensor.storage.NestedAbsmax;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.UnquantizableWeightException;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a checkpoint saved by transformers + bitsandbytes, found from its tensor names (never assumed from
 * the config) and read as views of the memory-mapped file. A 4-bit weight {@code W} is the packed U8 tensor
 * {@code W} with {@code W.absmax}, {@code W.quant_map}, {@code W.quant_state.bitsandbytes__nf4|fp4} and, when
 * double-quantized, {@code W.nested_absmax} and {@code W.nested_quant_map}; an LLM.int8 weight {@code P.weight} is
 * I8 with {@code P.SCB} (and {@code P.weight_format}, 0 = row-major). Everything else is an ordinary float tensor.
 */
public final class BnbCheckpoint {
    private static final String QS = ".quant_state.bitsandbytes__";
    private static final String[] FOUR_BIT_PARTS = {".absmax", ".quant_map", ".nested_absmax", ".nested_quant_map"};

    private final Checkpoint checkpoint;
    private final Map<String, String> fourBit = new LinkedHashMap<>();
    private final Map<String, String> int8 = new LinkedHashMap<>();

    private BnbCheckpoint(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
        for (String k : checkpoint.keys()) {
            int q = k.indexOf(QS);
            if (q > 0 && (k.endsWith(QS + "nf4") || k.endsWith(QS + "fp4"))) {
                fourBit.put(k.substring(0, q), k);
            } else if (k.endsWith(".SCB")) {
                String weight = k.substring(0, k.length() - ".SCB".length()) + ".weight";
                int8.put(weight, k);
            }
        }
    }

    /** The bitsandbytes weights of {@code checkpoint}; {@link #isEmpty} when it holds none. */
    public static BnbCheckpoint of(Checkpoint checkpoint) {
        return new BnbCheckpoint(checkpoint);
    }

    /** True when no tensor is quantized by bitsandbytes. */
    public boolean isEmpty() {
        return fourBit.isEmpty() && int8.isEmpty();
    }

    /** The keys of the 4-bit weights. */
    public List<String> fourBitWeights() {
        return List.copyOf(fourBit.keySet());
    }

    /** The keys of the LLM.int8 weights. */
    public List<String> int8Weights() {
        return List.copyOf(int8.keySet());
    }

    /** True when the weight {@code key} is stored quantized by bitsandbytes. */
    public boolean isQuantized(String key) {
        return fourBit.containsKey(key) || int8.containsKey(key);
    }

    /** The quant type of the 4-bit weight {@code key} (from its quant state key), or null. */
    public WeightFormat fourBitType(String key) {
        String qs = fourBit.get(key);
        return qs == null ? null : BnbQuantState.typeOfKey(qs);
    }

    /** True when the 4-bit weight {@code key} has double-quantized absmax values. */
    public boolean isNested(String key) {
        return fourBit.containsKey(key) && checkpoint.contains(key + ".nested_absmax");
    }

    /** The checkpoint tensors that store the quantized weight {@code key} besides {@code key} itself. */
    public List<String> partsOf(String key) {
        List<String> parts = new ArrayList<>();
        if (fourBit.containsKey(key)) {
            parts.add(fourBit.get(key));
            for (String p : FOUR_BIT_PARTS) {
                if (checkpoint.contains(key + p)) {
                    parts.add(key + p);
                }
            }
        } else if (int8.containsKey(key)) {
            String prefix = key.substring(0, key.length() - ".weight".length());
            parts.add(int8.get(key));
            if (checkpoint.contains(prefix + ".weight_format")) {
                parts.add(prefix + ".weight_format");
            }
        }
        return Collections.unmodifiableList(parts);
    }

    /**
     * The quantized weight {@code key} as a stored weight whose codes and scales are views of the mapped file, after
     * checking every part against the layout and {@code expected} shape.
     *
     * @throws BnbFormatException naming the file, the tensor and what is wrong
     */
    public StoredWeight load(String key, long[] expected) {
        if (fourBit.containsKey(key)) {
            return loadFourBit(key, expected);
        }
        if (int8.containsKey(key)) {
            return loadInt8(key, expected);
        }
        throw new IllegalArgumentException(key + " is not a bitsandbytes weight of " + checkpoint.source());
    }

    /** The shape of the quantized weight {@code key}: its quant state's (4-bit) or its codes' (int8). */
    public long[] shapeOf(String key) {
        return fourBit.containsKey(key)
                ? quantState(key).shape()
                : checkpoint.info(key).shape();
    }

    /** The 4-bit quant state of {@code key}. */
    public BnbQuantState quantState(String key) {
        String qsKey = fourBit.get(key);
        TensorData qs = checkpoint.read(qsKey);
        require(qsKey, qs.dtype() == DType.UINT8 && qs.rank() == 1, "expected a U8 vector of JSON bytes, found " + qs);
        return BnbQuantState.parse(checkpoint.source(), qsKey, qs.littleEndianBytes());
    }

    private StoredWeight loadFourBit(String key, long[] expected) {
        BnbQuantState state = quantState(key);
        if (!Arrays.equals(state.shape(), expected)) {
            throw new WeightShapeException(key, checkpoint.source(), expected, state.shape());
        }
        require(
                key,
                state.blocksize() == Block4Weight.BLOCK,
                "blocksize " + state.blocksize() + " in the quant state;" + " lxt4j reads bitsandbytes' default of "
                        + Block4Weight.BLOCK);
        long n = state.numel();
        long blocks = (n + Block4Weight.BLOCK - 1) / Block4Weight.BLOCK;
        TensorData packed = checkpoint.read(key);
        require(
                key,
                packed.byteLength() == (n + 1) / 2,
                packed.byteLength() + " bytes of packed codes, expected " + (n + 1) / 2 + " for shape "
                        + Arrays.toString(state.shape()));
        checkQuantMap(key + ".quant_map", state.quantType());
        BlockAbsmax absmax = state.nested() ? nestedAbsmax(key, state, blocks) : plainAbsmax(key, blocks);
        try {
            return StoredWeights.block4(key, state.quantType(), packed.littleEndianBytes(), absmax, state.shape());
        } catch (UnquantizableWeightException e) {
            throw new BnbFormatException(checkpoint.source(), key, e.getMessage(), e);
        }
    }

    private BlockAbsmax plainAbsmax(String key, long blocks) {
        String k = key + ".absmax";
        require(
                k,
                !checkpoint.contains(key + ".nested_absmax"),
                "the quant state is not nested, but " + key + ".nested_absmax exists");
        TensorData a = read(k, DType.FLOAT32, blocks);
        requireFinite(k, a);
        return BlockAbsmax.of(a.littleEndianBytes());
    }

    private BlockAbsmax nestedAbsmax(String key, BnbQuantState state, long blocks) {
        TensorData codes = read(key + ".absmax", DType.UINT8, blocks);
        long nestedBlocks = (blocks + state.nestedBlocksize() - 1) / state.nestedBlocksize();
        TensorData a2 = read(key + ".nested_absmax", DType.FLOAT32, nestedBlocks);
        requireFinite(key + ".nested_absmax", a2);
        TensorData map = read(key + ".nested_quant_map", DType.FLOAT32, 256);
        requireFinite(key + ".nested_quant_map", map);
        return NestedAbsmax.of(
                codes.littleEndianBytes(),
                a2.littleEndianBytes(),
                map.toFloats(),
                state.nestedOffset(),
                state.nestedBlocksize());
    }

    /** bitsandbytes dequantizes with its built-in table; a stored map that differs means another code book. */
    private void checkQuantMap(String k, WeightFormat type) {
        if (!checkpoint.contains(k)) {
            return;
        }
        float[] stored = read(k, DType.FLOAT32, 16).toFloats();
        float[] table = StoredWeights.codeValues(type);
        for (int i = 0; i < 16; i++) {
            require(
                    k,
                    Math.abs(stored[i] - table[i]) <= 1e-6f,
                    "code " + i + " is " + stored[i] + ", but the " + type + " table has " + table[i]
                            + "; only bitsandbytes' own " + type + " code book is read");
        }
    }

    private StoredWeight loadInt8(String key, long[] expected) {
        String prefix = key.substring(0, key.length() - ".weight".length());
        TensorData codes = checkpoint.read(key);
        require(
                key,
                codes.dtype() == DType.INT8,
                "an LLM.int8 weight (it has " + int8.get(key) + ") must be I8, found " + codes);
        if (!Arrays.equals(codes.shape(), expected)) {
            throw new WeightShapeException(key, checkpoint.source(), expected, codes.shape());
        }
        long rows = codes.numel() / expected[expected.length - 1];
        TensorData scb = read(int8.get(key), DType.FLOAT32, rows);
        requireFinite(int8.get(key), scb);
        String fmt = prefix + ".weight_format";
        if (checkpoint.contains(fmt)) {
            TensorData f = checkpoint.read(fmt);
            require(
                    fmt,
                    f.numel() == 1 && f.toLongs()[0] == 0,
                    "weight_format " + Arrays.toString(f.toLongs())
                            + " is not 0 (row-major); lxt4j reads row-major LLM.int8 weights only");
        }
        return StoredWeights.int8(key, codes.littleEndianBytes(), scb.littleEndianBytes(), expected);
    }

    private TensorData read(String k, DType dtype, long numel) {
        if (!checkpoint.contains(k)) {
            throw new BnbFormatException(checkpoint.source(), k, "missing: the bitsandbytes weight needs it");
        }
        TensorData t = checkpoint.read(k);
        require(
                k,
                t.dtype() == dtype && t.numel() == numel,
                "expected " + dtype + " with " + numel + " elements, found " + t);
        return t;
    }

    private void requireFinite(String k, TensorData t) {
        ByteBuffer b = t.littleEndianBytes();
        for (int i = 0; i < t.numel(); i++) {
            float v = b.getFloat(4 * i);
            if (!Float.isFinite(v)) { // the message only when it fails: Mixtral-8x7B has 725 M scales
                require(k, false, "element " + i + " is " + v + "; scales must be finite");
            }
        }
    }

    private void require(String k, boolean ok, String problem) {
        if (!ok) {
            throw new BnbFormatException(checkpoint.source(), k, problem);
        }
    }
}
