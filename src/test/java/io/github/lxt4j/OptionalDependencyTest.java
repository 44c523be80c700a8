package io.github.lxt4j;

import static io.github.lxt4j.testing.PomVersions.property;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.testing.FakeClassPath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionalDependencyTest {

    /** A classpath without the named classes and resources; everything else is there. */
    static ClassPathProbe without(String... missing) {
        return FakeClassPath.without(Set.of(missing)::contains);
    }

    static final ClassPathProbe NOTHING = FakeClassPath.EMPTY;

    static final ClassPathProbe EVERYTHING = FakeClassPath.FULL;

    @Test
    void nd4jNamesTheJavaAndNativeArtifactsWithThePomVersions() {
        String platform = OptionalDependency.javacppPlatform();
        MissingDependencyException e = assertThrows(
                MissingDependencyException.class,
                () -> OptionalDependency.ND4J.require(without("org.nd4j.linalg.cpu.nativecpu.CpuBackend")));
        List<String> expected = List.of(
                "org.nd4j:nd4j-native:" + property("nd4j.version"),
                "org.nd4j:nd4j-native:" + property("nd4j.version") + ":" + platform,
                "org.bytedeco:openblas:" + property("openblas.version"),
                "org.bytedeco:openblas:" + property("openblas.version") + ":" + platform,
                "org.bytedeco:javacpp:" + property("javacpp.version"),
                "org.bytedeco:javacpp:" + property("javacpp.version") + ":" + platform);
        assertEquals(expected, e.artifacts());
        for (String a : expected) {
            assertTrue(e.getMessage().contains(a), e.getMessage());
        }
        assertTrue(
                e.getMessage().startsWith("the nd4j backend (Backends.nd4j(), --backend nd4j) needs "), e.getMessage());
    }

    @Test
    void nd4jWithoutItsNativesIsMissingToo() {
        String natives = "org/nd4j/linalg/cpu/nativecpu/bindings/" + OptionalDependency.javacppPlatform() + "/"
                + System.mapLibraryName("jnind4jcpu");
        assertThrows(MissingDependencyException.class, () -> OptionalDependency.ND4J.require(without(natives)));
        String blas = "org/bytedeco/openblas/" + OptionalDependency.javacppPlatform() + "/"
                + System.mapLibraryName("jniopenblas_nolapack");
        assertThrows(MissingDependencyException.class, () -> OptionalDependency.ND4J.require(without(blas)));
    }

    @Test
    void openBlasNamesItsJavaAndNativeArtifactsAndJavacpp() {
        String platform = OptionalDependency.javacppPlatform();
        MissingDependencyException e = assertThrows(
                MissingDependencyException.class,
                () -> OptionalDependency.OPENBLAS.require(without("org.bytedeco.openblas.global.openblas_nolapack")));
        List<String> expected = List.of(
                "org.bytedeco:openblas:" + property("openblas.version"),
                "org.bytedeco:openblas:" + property("openblas.version") + ":" + platform,
                "org.bytedeco:javacpp:" + property("javacpp.version"),
                "org.bytedeco:javacpp:" + property("javacpp.version") + ":" + platform);
        assertEquals(expected, e.artifacts());
        assertTrue(e.getMessage().startsWith("OpenBLAS GEMM (-Dlxt4j.blas=openblas"), e.getMessage());
        assertThrows(
                MissingDependencyException.class,
                () -> OptionalDependency.OPENBLAS.require(without("org.bytedeco.javacpp.FloatPointer")));
    }

    @Test
    void pdfboxPicocliAndPytorchNatives() {
        MissingDependencyException pdf = assertThrows(
                MissingDependencyException.class,
                () -> OptionalDependency.PDFBOX.require(without("org.apache.pdfbox.pdmodel.PDDocument")));
        assertEquals(List.of("org.apache.pdfbox:pdfbox:" + property("pdfbox.version")), pdf.artifacts());
        assertTrue(pdf.getMessage().contains("PDF output"), pdf.getMessage());

        MissingDependencyException cli = assertThrows(
                MissingDependencyException.class,
                () -> OptionalDependency.PICOCLI.require(without("picocli.CommandLine")));
        assertEquals(List.of("info.picocli:picocli:" + property("picocli.version")), cli.artifacts());
        assertTrue(cli.getMessage().contains("io.github.lxt4j.cli.Main"), cli.getMessage());

        MissingDependencyException djl = assertThrows(
                MissingDependencyException.class,
                () -> OptionalDependency.PYTORCH_NATIVES.require(without("jnilib/pytorch.properties")));
        assertEquals(
                List.of(
                        "ai.djl.pytorch:pytorch-native-cpu:" + property("pytorch.version") + ":"
                                + OptionalDependency.djlPlatform(),
                        "ai.djl.pytorch:pytorch-jni:" + property("pytorch.version") + "-" + property("djl.version")),
                djl.artifacts());
        assertTrue(
                djl.getMessage().contains("pytorch-native-cu")
                        && djl.getMessage().contains("ai.djl.offline=false"),
                djl.getMessage());
    }

    @Test
    void presentDependenciesPassAndKeepTheOriginalFailure() {
        for (OptionalDependency d : OptionalDependency.values()) {
            assertDoesNotThrow(() -> d.require(EVERYTHING));
            assertThrows(MissingDependencyException.class, () -> d.require(NOTHING), d.name());
            RuntimeException failure = new IllegalStateException("Failed to save pytorch index file");
            assertSame(failure, d.explain(failure, EVERYTHING));
            RuntimeException explained = d.explain(failure, NOTHING);
            assertTrue(explained instanceof MissingDependencyException, explained.toString());
            assertSame(failure, explained.getCause());
        }
    }

    @Test
    void theTestClasspathHasEveryOptionalDependency() {
        for (OptionalDependency d : OptionalDependency.values()) {
            assertTrue(d.isPresent(), d.name());
        }
    }

    @Test
    void theRealProbeSeesClassesAndResources() {
        ClassPathProbe probe = ClassPathProbe.current();
        assertTrue(probe.hasClass("picocli.CommandLine"));
        assertFalse(probe.hasClass("org.example.NoSuchClass"));
        assertTrue(probe.hasResource("io/github/lxt4j/optional-dependencies.properties"));
        assertFalse(probe.hasResource("io/github/lxt4j/no-such-file.properties"));
    }

    @Test
    void platformClassifiersFollowJavacppAndDjl() {
        assertEquals("linux-x86_64", OptionalDependency.javacppPlatform("Linux", "amd64"));
        assertEquals("macosx-arm64", OptionalDependency.javacppPlatform("Mac OS X", "aarch64"));
        assertEquals("windows-x86_64", OptionalDependency.javacppPlatform("Windows 11", "amd64"));
        assertEquals("linux-aarch64", OptionalDependency.djlPlatform("Linux", "aarch64"));
        assertEquals("osx-aarch64", OptionalDependency.djlPlatform("Mac OS X", "aarch64"));
        assertEquals("win-x86_64", OptionalDependency.djlPlatform("Windows 10", "x86_64"));
    }
}
