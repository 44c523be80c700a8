package io.github.lxt4j.tensor;

import static io.github.lxt4j.testing.PomVersions.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.ClassPathProbe;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.MissingDependencyException;
import io.github.lxt4j.testing.FakeClassPath;
import org.junit.jupiter.api.Test;

class MissingBackendDependencyTest {

    private static final ClassPathProbe EMPTY = FakeClassPath.EMPTY;

    @Test
    void nd4jWithoutNd4jNamesTheArtifacts() {
        MissingDependencyException e = assertThrows(MissingDependencyException.class, () -> Nd4jLoader.backend(EMPTY));
        assertTrue(e.getMessage().contains("Backends.nd4j()"), e.getMessage());
        assertTrue(e.getMessage().contains("org.nd4j:nd4j-native:" + property("nd4j.version")), e.getMessage());
    }

    @Test
    void aDjlFailureWithoutNativesNamesThem() {
        // on the CPU natives a GPU is never there: DJL's engine fails, and without natives that is the reason given
        MissingDependencyException e =
                assertThrows(MissingDependencyException.class, () -> Backends.djl(Device.gpu(), EMPTY));
        assertTrue(e.getMessage().contains("ai.djl.pytorch:pytorch-jni:"), e.getMessage());
        assertTrue(e.getCause() instanceof Lxt4jException, String.valueOf(e.getCause()));
    }

    @Test
    void djlWithItsNativesIsUntouchedByTheCheck() {
        assertEquals("djl", Backends.djl(Device.cpu(), EMPTY).name());
        Lxt4jException e = assertThrows(Lxt4jException.class, () -> Backends.djl(Device.gpu()));
        assertTrue(!(e instanceof MissingDependencyException), e.toString());
    }
}
