package io.github.lxt4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The optional dependencies of lxt4j: a library user gets the core, the models, DJL's engine and the tokenizers; the
 * features below need artifacts the user adds. {@link #require()} throws a {@link MissingDependencyException} naming
 * them (with this build's versions and this platform's classifier) when they are not on the classpath.
 */
public enum OptionalDependency {
    /**
     * The ND4J backend: nd4j-native with its Java classes and this platform's natives, and OpenBLAS with JavaCPP at
     * the versions lxt4j builds with (newer than the ones nd4j-native brings, so they are named, natives included).
     */
    ND4J(
            "the nd4j backend (Backends.nd4j(), --backend nd4j)",
            "",
            probe -> probe.hasClass("org.nd4j.linalg.cpu.nativecpu.CpuBackend")
                    && probe.hasClass("org.bytedeco.openblas.global.openblas")
                    && probe.hasResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + javacppPlatform() + "/"
                            + System.mapLibraryName("jnind4jcpu"))
                    && probe.hasResource("org/bytedeco/openblas/" + javacppPlatform() + "/"
                            + System.mapLibraryName("jniopenblas_nolapack")),
            () -> List.of(
                    "org.nd4j:nd4j-native:" + version("nd4j.version"),
                    "org.nd4j:nd4j-native:" + version("nd4j.version") + ":" + javacppPlatform(),
                    "org.bytedeco:openblas:" + version("openblas.version"),
                    "org.bytedeco:openblas:" + version("openblas.version") + ":" + javacppPlatform(),
                    "org.bytedeco:javacpp:" + version("javacpp.version"),
                    "org.bytedeco:javacpp:" + version("javacpp.version") + ":" + javacppPlatform())),
    /**
     * OpenBLAS for the dense layers' GEMMs on DJL's CPU tensors ({@code -Dlxt4j.blas}, {@code --blas}): OpenBLAS
     * through JavaCPP. Without it lxt4j uses libtorch's GEMM.
     */
    OPENBLAS(
            "OpenBLAS GEMM (-Dlxt4j.blas=openblas, LXT4J_BLAS, --blas openblas)",
            "",
            probe -> probe.hasClass("org.bytedeco.openblas.global.openblas_nolapack")
                    && probe.hasClass("org.bytedeco.javacpp.FloatPointer")
                    && probe.hasResource("org/bytedeco/openblas/" + javacppPlatform() + "/"
                            + System.mapLibraryName("jniopenblas_nolapack")),
            () -> List.of(
                    "org.bytedeco:openblas:" + version("openblas.version"),
                    "org.bytedeco:openblas:" + version("openblas.version") + ":" + javacppPlatform(),
                    "org.bytedeco:javacpp:" + version("javacpp.version"),
                    "org.bytedeco:javacpp:" + version("javacpp.version") + ":" + javacppPlatform())),
    /** PDF heatmaps ({@code PdfHeatmap}, {@code --pdf}): Apache PDFBox. */
    PDFBOX(
            "PDF output (PdfHeatmap, --pdf)",
            "",
            probe -> probe.hasClass("org.apache.pdfbox.pdmodel.PDDocument"),
            () -> List.of("org.apache.pdfbox:pdfbox:" + version("pdfbox.version"))),
    /** The command line ({@code cli.Main}): picocli. */
    PICOCLI(
            "the command line (io.github.lxt4j.cli.Main)",
            "",
            probe -> probe.hasClass("picocli.CommandLine"),
            () -> List.of("info.picocli:picocli:" + version("picocli.version"))),
    /**
     * The command line's progress bar on a terminal: me.tongfei progressbar (with JLine). Without it the CLI prints
     * plain progress lines, as it does when stderr is not a terminal.
     */
    PROGRESSBAR(
            "the command line's progress bar",
            "",
            probe -> probe.hasClass("me.tongfei.progressbar.ProgressBar")
                    && probe.hasClass("org.jline.terminal.Terminal"),
            () -> List.of("me.tongfei:progressbar:" + version("progressbar.version"))),
    /**
     * DJL's PyTorch natives. DJL's convention: the engine is a dependency, the user adds the native library and the
     * JNI bridge for their platform (or lets DJL download them, with {@code ai.djl.offline=false}).
     */
    PYTORCH_NATIVES(
            "the DJL/PyTorch backend (Backends.djl())",
            " (for CUDA, a pytorch-native-cu* artifact instead of pytorch-native-cpu; or let DJL download the natives"
                    + " by running with -Dai.djl.offline=false)",
            probe -> probe.hasResource("native/lib/pytorch.properties")
                    && probe.hasResource("jnilib/pytorch.properties"),
            () -> List.of(
                    "ai.djl.pytorch:pytorch-native-cpu:" + version("pytorch.version") + ":" + djlPlatform(),
                    "ai.djl.pytorch:pytorch-jni:" + version("pytorch.version") + "-" + version("djl.version")));

    private static final String VERSIONS = "optional-dependencies.properties";

    private final String feature;
    private final String hint;
    private final Predicate<ClassPathProbe> present;
    private final Supplier<List<String>> artifacts;

    OptionalDependency(
            String feature, String hint, Predicate<ClassPathProbe> present, Supplier<List<String>> artifacts) {
        this.feature = feature;
        this.hint = hint;
        this.present = present;
        this.artifacts = artifacts;
    }

    /** The feature that needs this dependency, as users meet it. */
    public String feature() {
        return feature;
    }

    /** Maven coordinates {@code groupId:artifactId:version[:classifier]} to add, for this platform. */
    List<String> artifacts() {
        return artifacts.get();
    }

    boolean present(ClassPathProbe probe) {
        return present.test(probe);
    }

    /** Whether the dependency is on the classpath. */
    public boolean isPresent() {
        return present(ClassPathProbe.current());
    }

    /** Throws a {@link MissingDependencyException} naming the artifacts to add when they are not on the classpath. */
    public void require() {
        require(ClassPathProbe.current());
    }

    /** {@link #require()} against the given probe. */
    public void require(ClassPathProbe probe) {
        if (!present(probe)) {
            throw missing(null);
        }
    }

    /**
     * The exception to throw when using the feature failed with {@code failure}: a {@link MissingDependencyException}
     * caused by it when the dependency is missing, else {@code failure} itself.
     */
    public RuntimeException explain(RuntimeException failure, ClassPathProbe probe) {
        return present(probe) ? failure : missing(failure);
    }

    private MissingDependencyException missing(Throwable cause) {
        List<String> artifacts = artifacts();
        return new MissingDependencyException(
                feature + " needs " + String.join(", ", artifacts)
                        + hint + ", an optional dependency of lxt4j that is not on the classpath: add "
                        + (artifacts.size() == 1 ? "it" : "them") + " to your build (README.md, 'Optional features')",
                artifacts,
                cause);
    }

    static String version(String key) {
        Properties p = new Properties();
        try (InputStream in = OptionalDependency.class.getResourceAsStream(VERSIONS)) {
            if (in == null) {
                throw new IllegalStateException(VERSIONS + " is missing from the lxt4j jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSIONS, e);
        }
        String v = p.getProperty(key);
        if (v == null || v.startsWith("${")) {
            throw new IllegalStateException(VERSIONS + " has no value for " + key);
        }
        return v;
    }

    /** This platform as JavaCPP (ND4J, OpenBLAS) names it in classifiers: linux-x86_64, macosx-arm64, ... */
    static String javacppPlatform() {
        return javacppPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String javacppPlatform(String osName, String osArch) {
        String os = os(osName);
        String arch = arch(osArch);
        return (os.equals("osx") ? "macosx" : os.equals("win") ? "windows" : os) + "-"
                + (arch.equals("aarch64") ? "arm64" : arch);
    }

    /** This platform as DJL names it in classifiers: linux-x86_64, osx-aarch64, win-x86_64. */
    static String djlPlatform() {
        return djlPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String djlPlatform(String osName, String osArch) {
        return os(osName) + "-" + arch(osArch);
    }

    private static String os(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        return name.startsWith("mac") ? "osx" : name.startsWith("windows") ? "win" : "linux";
    }

    private static String arch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return List.of("amd64", "x86_64", "x86-64").contains(arch) ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch;
    }
}
