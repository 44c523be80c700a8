package io.github.lxt4j.cli;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import picocli.CommandLine.Option;

/** {@code --backend}, {@code --dtype}, {@code --device}: where and in which precision a command computes. */
final class RuntimeOptions {

    @Option(names = "--backend", defaultValue = "djl", description = "djl or nd4j (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--dtype", defaultValue = "float32",
            description = "float32 or float64; float16 on DJL (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    Backend backend() {
        return Backends.byName(backend, Device.parse(device));
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
