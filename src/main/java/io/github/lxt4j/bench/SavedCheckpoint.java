package io.github.lxt4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutput;
import io.github.lxt4j.io.SafeOutputFolder;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.bnb.BnbTensors;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bench --save-dir DIR}: the random weights written once as a checkpoint in their storage form (a
 * bitsandbytes checkpoint for nf4, fp4 and int8, bf16 or f16 safetensors otherwise), then loaded from it
 * memory-mapped, as a published checkpoint is: the operating system pages weights in as the model touches them (a
 * Mixtral expert when routing first selects it), and may drop them again under memory pressure. A later run with
 * the same config, depth, weights and seed reuses the folder; {@value #STAMP} records what it holds.
 */
final class SavedCheckpoint {
    static final String STAMP = "lxt4j-bench.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SavedCheckpoint() {}

    /** The model saved in {@code dir}, written first when {@code dir} is empty or missing. */
    static PretrainedModel open(JsonConfig json, BenchSpec s, Path dir, PrintWriter progress) {
        return open(json, s, dir, progress, SpilledWeights.SHARD_BYTES);
    }

    /** As above, in shards of about {@code shardBytes}. */
    static PretrainedModel open(JsonConfig json, BenchSpec s, Path dir, PrintWriter progress, long shardBytes) {
        if (s.weights() == WeightFormat.F32) {
            throw new BenchOptionException("--save-dir writes the weights in a storage form: give --weights"
                    + " nf4|fp4|int8|bf16|f16 (float32 weights would be 4 bytes per parameter on disk)");
        }
        ObjectNode stamp = stamp(json, s);
        Path stampFile = dir.resolve(STAMP);
        if (Files.isRegularFile(stampFile)) {
            JsonNode held = read(stampFile);
            if (!normalized(stamp).equals(held)) {
                throw new BenchOptionException("--save-dir " + dir + " holds the random weights of another bench"
                        + " run (" + describe(held) + "), not of this one (" + describe(stamp) + "): give"
                        + " another folder, or delete it");
            }
            progress.printf("[bench] loading the weights saved in %s…%n", dir);
        } else {
            SafeOutputFolder.check(dir, false);
            progress.printf("[bench] writing the random weights to %s (once; later runs reuse them)…%n", dir);
            progress.flush();
            long t0 = System.nanoTime();
            long[] bytes = {0};
            SafeOutputFolder.write(dir, false, out -> bytes[0] = write(json, s, out, stamp, shardBytes), () -> {});
            progress.printf(
                    "[bench] wrote %.2f GiB in %.1f s%n",
                    bytes[0] / (double) (1L << 30), (System.nanoTime() - t0) / 1e9);
        }
        progress.flush();
        return AutoModel.fromPretrained(dir, s.loadOptions());
    }

    private static long write(JsonConfig json, BenchSpec s, Path out, ObjectNode stamp, long shardBytes)
            throws IOException {
        ModelFamily family = AutoModel.family(json);
        SpilledWeights weights = new SpilledWeights(new RandomWeights(s.seed(), RandomWeights.STD), out, shardBytes);
        try (TensorScope scope = TensorScope.open()) {
            family.generate(json, weights, s.loadOptions()).close();
        }
        weights.finish();
        ObjectNode config = json.raw().deepCopy();
        config.put("torch_dtype", "bfloat16");
        if (s.weights().isQuantized()) {
            BnbTensors.putQuantizationConfig(config, s.weights(), false, DType.BFLOAT16);
        }
        SafeOutput.writeUtf8(out.resolve("config.json"), pretty(config));
        SafeOutput.writeUtf8(out.resolve(STAMP), pretty(stamp));
        return weights.totalBytes();
    }

    /** What a saved folder holds: the resolved config (depth included), the storage form and the seed. */
    private static ObjectNode stamp(JsonConfig json, BenchSpec s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("preset", s.config());
        n.put("weights", s.weights().cliName());
        n.put("seed", s.seed());
        n.set("config", json.raw().deepCopy());
        return n;
    }

    /** {@code n} as it reads back from its JSON text (numbers typed as the parser types them). */
    private static JsonNode normalized(JsonNode n) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(n));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(JsonNode stamp) {
        return stamp.path("preset").asText("?") + ", weights "
                + stamp.path("weights").asText("?") + ", seed "
                + stamp.path("seed").asText("?") + ", "
                + stamp.path("config").path("num_hidden_layers").asText("?") + " layers";
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new OutputException(file, "cannot read it as JSON: " + e.getMessage(), e);
        }
    }

    private static String pretty(JsonNode n) throws IOException {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    }
}
