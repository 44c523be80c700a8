package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.bnb.BnbCheckpoint;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weights read from a safetensors checkpoint (single file or shards), converted to the compute dtype, or put into a
 * storage form straight from the mapped bytes (a bf16 tensor kept as bf16 is a view of the file, no copy). Weights
 * that bitsandbytes quantized ({@link BnbCheckpoint}) keep their stored form whatever the load's format: their codes
 * and scales are views of the mapped file.
 */
public final class CheckpointWeights implements WeightSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWeights.class);

    private final Checkpoint checkpoint;
    private final BnbCheckpoint bnb;
    private final Set<String> asked = new HashSet<>();

    public CheckpointWeights(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.bnb = BnbCheckpoint.of(checkpoint);
    }

    @Override
    public boolean isPrequantized(String key) {
        return bnb.isQuantized(key);
    }

    @Override
    public boolean contains(String key) {
        asked.add(key);
        return checkpoint.contains(key);
    }

    /**
     * After the model is built: the checkpoint tensors it never asked for. One that differs from an asked key only in
     * a number (a layer, block or expert index past the config's count) means the config describes a smaller model
     * than the checkpoint, a {@link ModelLoadException}; the other unused tensors are logged as a warning.
     */
    public void checkAllUsed() {
        Set<String> unused = new TreeSet<>(checkpoint.keys());
        unused.removeAll(asked);
        if (unused.isEmpty()) {
            return;
        }
        Set<String> askedShapes = new HashSet<>();
        for (String k : asked) {
            askedShapes.add(indexFree(k));
        }
        List<String> extraLayers = new ArrayList<>();
        for (String k : unused) {
            if (askedShapes.contains(indexFree(k))) {
                extraLayers.add(k);
            }
        }
        if (!extraLayers.isEmpty()) {
            throw new ModelLoadException(checkpoint.source() + " holds " + extraLayers.size() + " tensor(s) of layers,"
                    + " blocks or experts that the config does not describe, e.g. " + firstFew(extraLayers)
                    + "; the config's layer (or expert) count must equal the checkpoint's");
        }
        LOG.warn(
                "{}: {} checkpoint tensor(s) not used by the model: {}",
                checkpoint.source(),
                unused.size(),
                firstFew(new ArrayList<>(unused)));
    }

    private static String indexFree(String key) {
        return key.replaceAll("(^|\\.)\\d+(?=\\.|$)", "$1#");
    }

    private static String firstFew(List<String> keys) {
        return keys.size() <= 5 ? keys.toString() : keys.subList(0, 5) + " and " + (keys.size() - 5) + " more";
    }

    /** A weight that bitsandbytes quantized is dequantized (this one weight) when asked for densely. */
    @Override
    public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
        asked.add(key);
        if (bnb.isQuantized(key)) {
            try (StoredWeight w = loadBnb(key, shape)) {
                LOG.debug("{}: {} is dequantized to a dense tensor", checkpoint.source(), key);
                return backend.fromFloats(w.dequantize(), dtype, shape);
            }
        }
        TensorData data = read(key, shape);
        return backend.fromBytes(data.littleEndianBytes(), data.dtype(), dtype, shape);
    }

    @Override
    public StoredWeight loadStored(String key, long[] shape, WeightFormat format, Backend backend) {
        asked.add(key);
        if (bnb.isQuantized(key)) {
            return loadBnb(key, shape);
        }
        TensorData data = read(key, shape);
        return StoredWeights.quantize(key, format, data.littleEndianBytes(), data.dtype(), shape);
    }

    private StoredWeight loadBnb(String key, long[] shape) {
        asked.addAll(bnb.partsOf(key));
        return bnb.load(key, shape);
    }

    @Override
    public DType storedDType(String key) {
        return checkpoint.read(key).dtype();
    }

    private TensorData read(String key, long[] shape) {
        TensorData data = checkpoint.read(key);
        if (!Arrays.equals(data.shape(), shape)) {
            throw new WeightShapeException(key, checkpoint.source(), shape, data.shape());
        }
        return data;
    }

    @Override
    public String source() {
        return checkpoint.source();
    }
}
