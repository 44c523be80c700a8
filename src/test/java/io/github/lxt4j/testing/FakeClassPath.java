package io.github.lxt4j.testing;

import io.github.lxt4j.ClassPathProbe;
import java.util.function.Predicate;

/** Classpaths for tests of the missing-dependency messages. */
public final class FakeClassPath {
    private FakeClassPath() {}

    /** A classpath without the classes and resources that {@code missing} accepts; everything else is there. */
    public static ClassPathProbe without(Predicate<String> missing) {
        return new ClassPathProbe() {
            @Override
            public boolean hasClass(String className) {
                return !missing.test(className);
            }

            @Override
            public boolean hasResource(String path) {
                return !missing.test(path);
            }
        };
    }

    public static final ClassPathProbe EMPTY = without(name -> true);

    public static final ClassPathProbe FULL = without(name -> false);
}
