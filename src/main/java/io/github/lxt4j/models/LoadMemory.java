package io.github.lxt4j.models;

import io.github.lxt4j.ProcessMemory;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.TensorInfo;
import io.github.lxt4j.models.AttentionMemory.InsufficientMemoryException;
import io.github.lxt4j.models.bnb.BnbCheckpoint;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, before any weight is read, a load whose weights cannot fit the memory available, rather than failing
 * minutes later. The estimate is a lower bound of the memory the weights take outside the file: bitsandbytes weights
 * and 16-bit weights kept in the checkpoint's dtype are views of the memory-mapped file, which the operating system
 * pages in and out as the model touches them (so a checkpoint larger than memory still loads); every other weight is
 * a copy, at least as large as its codes in the load's storage form (4-bit codes for nf4/fp4, one byte for int8, two
 * for bf16/f16) or, with {@code --weights f32}, its values in the compute dtype. Embedding tables and heads are never
 * quantized: views of a 16-bit file, else copies in the compute dtype. Vectors (norms, biases) count in the compute
 * dtype. The available memory is Linux's {@code MemAvailable} (no check where it cannot be read).
 */
final class LoadMemory {
    private LoadMemory() {}

    /**
     * @throws InsufficientMemoryException naming the checkpoint, the estimate, the memory available and the storage
     *     forms that would fit
     */
    static void check(Checkpoint ckpt, BnbCheckpoint bnb, LoadOptions options) {
        check(ckpt, bnb, options, ProcessMemory.system().available());
    }

    static void check(Checkpoint ckpt, BnbCheckpoint bnb, LoadOptions options, long available) {
        if (available <= 0) {
            return;
        }
        long need = lowerBound(ckpt, bnb, options.weights(), options.dtype());
        if (need <= available) {
            return;
        }
        StringBuilder fits = new StringBuilder();
        for (WeightFormat f : new WeightFormat[] {WeightFormat.BF16, WeightFormat.INT8, WeightFormat.NF4}) {
            long n = lowerBound(ckpt, bnb, f, options.dtype());
            if (f != options.weights() && n <= available) {
                fits.append(fits.length() == 0 ? "" : ", ")
                        .append("--weights ")
                        .append(f.cliName())
                        .append(" (at least ")
                        .append(gib(n))
                        .append(')');
            }
        }
        throw new InsufficientMemoryException(String.format(
                Locale.ROOT,
                "%s: its weights need at least %s of memory with --weights %s, but %s is available; %s",
                ckpt.source(),
                gib(need),
                options.weights().cliName(),
                gib(available),
                fits.length() == 0
                        ? "no storage form fits: free memory, or save the model quantized (lxt4j quantize"
                                + " --save), whose weights load memory-mapped"
                        : "what would fit: " + fits));
    }

    /** The lower bound described above, in bytes, for weights stored as {@code format}, computed in {@code dtype}. */
    static long lowerBound(Checkpoint ckpt, BnbCheckpoint bnb, WeightFormat format, DType dtype) {
        Set<String> mapped = new HashSet<>();
        for (String k : bnb.fourBitWeights()) {
            mapped.add(k);
            mapped.addAll(bnb.partsOf(k));
        }
        for (String k : bnb.int8Weights()) {
            mapped.add(k);
            mapped.addAll(bnb.partsOf(k));
        }
        long bytes = 0;
        for (String key : ckpt.keys()) {
            TensorInfo info = ckpt.info(key);
            if (mapped.contains(key) || !info.dtype().isFloating()) {
                continue;
            }
            long n = info.numel();
            boolean sixteen = info.dtype() == DType.BFLOAT16 || info.dtype() == DType.FLOAT16;
            if (format == WeightFormat.F32 || info.shape().length != 2) {
                bytes += n * dtype.bytes();
            } else if (isTable(key)) {
                bytes += sixteen ? 0 : n * dtype.bytes();
            } else if (format.isQuantized()) {
                bytes += format == WeightFormat.INT8 ? n : n / 2;
            } else if (info.dtype() != (format == WeightFormat.BF16 ? DType.BFLOAT16 : DType.FLOAT16)) {
                bytes += 2 * n;
            }
        }
        return bytes;
    }

    /**
     * Embedding tables and {@code lm_head} by their names in HF checkpoints ({@code embed_tokens},
     * {@code word_embeddings}, {@code wte}, {@code wpe}, T5's {@code shared}): never quantized, kept as views of a
     * 16-bit file.
     */
    private static boolean isTable(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("embed")
                || k.contains("lm_head")
                || k.contains("wte.")
                || k.contains("wpe.")
                || k.equals("shared.weight");
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
