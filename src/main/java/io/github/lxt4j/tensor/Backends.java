package io.github.lxt4j.tensor;

import io.github.lxt4j.ClassPathProbe;
import io.github.lxt4j.OptionalDependency;
import io.github.lxt4j.tensor.djl.DjlBackend;
import java.util.Locale;

/**
 * Backend selection. In code: {@link #djl(Device)}, {@link #nd4j()}, or {@link #byName}. From the environment:
 * system property {@code lxt4j.backend} (or variable {@code LXT4J_BACKEND}) names the backend, and
 * {@code lxt4j.device} ({@code LXT4J_DEVICE}) the device; the default is DJL on the CPU.
 *
 * <p>ND4J and DJL's PyTorch natives are optional dependencies: without them these methods throw a
 * {@code MissingDependencyException} naming the artifacts to add.
 */
public final class Backends {
    private Backends() {}

    public static Backend djl(Device device) {
        return djl(device, ClassPathProbe.current());
    }

    static Backend djl(Device device, ClassPathProbe probe) {
        try {
            return DjlBackend.on(device);
        } catch (RuntimeException e) {
            // without natives, DJL offline says "Failed to save pytorch index file"
            throw OptionalDependency.PYTORCH_NATIVES.explain(e, probe);
        }
    }

    public static Backend djl() {
        return djl(Device.cpu());
    }

    public static Backend nd4j() {
        return byName("nd4j", Device.cpu());
    }

    public static Backend byName(String name, Device device) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "djl":
            case "pytorch":
                return djl(device);
            case "nd4j":
                if (device.isGpu()) {
                    throw new IllegalArgumentException("the nd4j backend is CPU-only; use --backend djl for " + device);
                }
                return Nd4jLoader.backend(ClassPathProbe.current());
            default:
                throw new IllegalArgumentException("unknown backend '" + name + "': expected djl or nd4j");
        }
    }

    /** The backend named by {@code lxt4j.backend} / {@code LXT4J_BACKEND}, on {@code lxt4j.device}. */
    public static Backend fromEnvironment() {
        String name = setting("lxt4j.backend", "LXT4J_BACKEND", "djl");
        Device device = Device.parse(setting("lxt4j.device", "LXT4J_DEVICE", "cpu"));
        return byName(name, device);
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v;
    }
}
