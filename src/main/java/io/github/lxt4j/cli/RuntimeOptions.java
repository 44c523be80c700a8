package io.github.lxt4j.cli;

import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.blas.Blas;
import io.github.lxt4j.tensor.blas.BlasChoice;
import io.github.lxt4j.tensor.storage.WeightFormat;
import picocli.CommandLine.Option;

/**
 * {@code --backend}, {@code --dtype}, {@code --device}, {@code --weights}, {@code --blas}: where and in which
 * precision a command computes, in which form it keeps the weights, and which BLAS computes the dense layers.
 */
final class RuntimeOptions {

    @Option(
            names = "--backend",
            paramLabel = "BACKEND",
            defaultValue = "djl",
            description = "djl or nd4j (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(
            names = "--dtype",
            paramLabel = "DTYPE",
            defaultValue = "float32",
            description = "float32 or float64; float16 on DJL (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            defaultValue = "cpu",
            description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--weights",
            paramLabel = "FORMAT",
            defaultValue = "f32",
            description = "How the block linears' weights are kept: f32"
                    + " (dense in the compute dtype), bf16 or f16 (2 bytes; a checkpoint in that dtype is mapped,"
                    + " not copied),"
                    + " int8, nf4 or fp4 (quantized at load as bitsandbytes does); each use widens one weight"
                    + " (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(
            names = "--blas",
            paramLabel = "BLAS",
            description = "The GEMM of the dense layers on the CPU in float32 (djl backend): auto (each library timed"
                    + " once per machine, the faster kept; cached), torch (libtorch) or openblas (default: the"
                    + " lxt4j.blas property or LXT4J_BLAS, else auto).")
    String blas;

    WeightFormat weights() {
        return WeightFormat.parse(weights);
    }

    /** The load options of these settings. */
    LoadOptions loadOptions() {
        return LoadOptions.of(backend(), dtype()).withWeights(weights());
    }

    Backend backend() {
        applyBlas();
        return Backends.byName(backend, Device.parse(device));
    }

    /**
     * Sets {@code --blas} for this JVM (Spark's local executors included); executors elsewhere read {@code
     * LXT4J_BLAS} or {@code -Dlxt4j.blas}.
     */
    void applyBlas() {
        if (blas != null) {
            Blas.choose(BlasChoice.parse(blas, "--blas"));
        }
    }

    /** The compute dtype: float32, float64 or float16; integer, boolean and bfloat16 compute are refused here. */
    DType dtype() {
        DType d = DType.parse(dtype);
        if (d != DType.FLOAT32 && d != DType.FLOAT64 && d != DType.FLOAT16) {
            throw new IllegalArgumentException("--dtype " + dtype + " cannot be a compute dtype: expected float32,"
                    + " float64 or float16 (float16 on DJL)");
        }
        return d;
    }
}
