package io.github.lxt4j.tensor;

import java.util.Locale;

/** Where a tensor lives: the CPU or one GPU. */
public record Device(Kind kind, int index) {

    public enum Kind {
        CPU,
        GPU
    }

    public static Device cpu() {
        return new Device(Kind.CPU, 0);
    }

    public static Device gpu() {
        return gpu(0);
    }

    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    public boolean isGpu() {
        return kind == Kind.GPU;
    }

    /** Parses {@code cpu}, {@code gpu}, {@code cuda}, {@code gpu:1} or {@code cuda:1}. */
    public static Device parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", 2);
        int index = 0;
        if (parts.length == 2) {
            try {
                index = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad device index in '" + text + "'");
            }
        }
        switch (parts[0]) {
            case "cpu":
                return cpu();
            case "gpu":
            case "cuda":
                return gpu(index);
            default:
                throw new IllegalArgumentException("unknown device '" + text + "': expected cpu, gpu or gpu:N");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "gpu:" + index;
    }
}
