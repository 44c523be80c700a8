package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import java.util.ArrayList;
import java.util.List;

/**
 * The backends every op test runs on. DJL always; ND4J as soon as {@link Backends#nd4j()} stops throwing
 * UnsupportedOperationException (its placeholder). After the ND4J backend is merged, set {@link #REQUIRE_ND4J} to
 * true so that a broken ND4J fails the build instead of dropping out of the list.
 */
public final class TestBackends {
    private TestBackends() {
    }

    /** TODO(nd4j): flip to true once the ND4J backend is merged. */
    static final boolean REQUIRE_ND4J = false;

    public static List<Backend> all() {
        List<Backend> list = new ArrayList<>();
        list.add(Backends.djl());
        try {
            list.add(Backends.nd4j());
        } catch (UnsupportedOperationException notYet) {
            if (REQUIRE_ND4J) {
                throw notYet;
            }
        }
        return list;
    }
}
