package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.Backend;
import java.util.List;

/** The backends every op test runs on: both, always (see {@link io.github.lxt4j.testing.TestBackends}). */
public final class TestBackends {
    private TestBackends() {}

    public static List<Backend> all() {
        return io.github.lxt4j.testing.TestBackends.all().toList();
    }
}
