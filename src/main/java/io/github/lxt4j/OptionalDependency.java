package io.github.lxt4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The optional dependencies of lxt4j: a library user gets the core, the models, DJL's engine and the tokenizers; the
 * features below need artifacts the user adds. {@link #require()} throws a {@link MissingDependencyException} naming
 * them (with this build's versions and this platform's classifier) when they are not on the classpath.
 */
public enum OptionalDependency {
    /** The ND4J backend: nd4j-native with its Java classes and this platform's natives, and OpenBLAS natives. */
    ND4J("the nd4j backend (Backends.nd4j(), --backend nd4j)") {
        @Override
        List<String> artifacts() {
            String nd4j = version("nd4j.version");
            String platform = javacppPlatform();
            return List.of("org.nd4j:nd4j-native:" + nd4j, "org.nd4j:nd4j-native:" + nd4j + ":" + platform,
                    "org.bytedeco:openblas:" + version("openblas.version") + ":" + platform);
        }

        @Override
        boolean present(ClassPathProbe probe) {
            String platform = javacppPlatform();
            return probe.hasClass("org.nd4j.linalg.cpu.nativecpu.CpuBackend")
                    && probe.hasClass("org.bytedeco.openblas.global.openblas")
                    && probe.hasResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + "/"
                            + System.mapLibraryName("jnind4jcpu"))
                    && probe.hasResource("org/bytedeco/openblas/" + platform + "/"
                            + System.mapLibraryName("jniopenblas_nolapack"));
        }
    },
    /** PDF heatmaps ({@code PdfHeatmap}, {@code --pdf}): Apache PDFBox. */
    PDFBOX("PDF output (PdfHeatmap, --pdf)") {
        @Override
        List<String> artifacts() {
            return List.of("org.apache.pdfbox:pdfbox:" + version("pdfbox.version"));
        }

        @Override
        boolean present(ClassPathProbe probe) {
            return probe.hasClass("org.apache.pdfbox.pdmodel.PDDocument");
        }
    },
    /** The command line ({@code io.github.lxt4j.cli.Main}): picocli. */
    PICOCLI("the command line (io.github.lxt4j.cli.Main)") {
        @Override
        List<String> artifacts() {
            return List.of("info.picocli:picocli:" + version("picocli.version"));
        }

        @Override
        boolean present(ClassPathProbe probe) {
            return probe.hasClass("picocli.CommandLine");
        }
    },
    /**
     * DJL's PyTorch natives. DJL's convention: the engine is a dependency, the user adds the native library and the
     * JNI bridge for their platform (or lets DJL download them, with {@code ai.djl.offline=false}).
     */
    PYTORCH_NATIVES("the DJL/PyTorch backend (Backends.djl())") {
        @Override
        List<String> artifacts() {
            String pytorch = version("pytorch.version");
            return List.of("ai.djl.pytorch:pytorch-native-cpu:" + pytorch + ":" + djlPlatform(),
                    "ai.djl.pytorch:pytorch-jni:" + pytorch + "-" + version("djl.version"));
        }

        @Override
        boolean present(ClassPathProbe probe) {
            return probe.hasResource("native/lib/pytorch.properties") && probe.hasResource("jnilib/pytorch.properties");
        }

        @Override
        String hint() {
            return " (for CUDA, a pytorch-native-cu* artifact instead of pytorch-native-cpu; or let DJL download the"
                    + " natives by running with -Dai.djl.offline=false)";
        }
    };

    private static final String VERSIONS = "optional-dependencies.properties";

    private final String feature;

    OptionalDependency(String feature) {
        this.feature = feature;
    }

    /** The feature that needs this dependency, as users meet it. */
    public String feature() {
        return feature;
    }

    /** Maven coordinates {@code groupId:artifactId:version[:classifier]} to add, for this platform. */
    abstract List<String> artifacts();

    abstract boolean present(ClassPathProbe probe);

    String hint() {
        return "";
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
        return new MissingDependencyException(feature + " needs " + String.join(", ", artifacts)
                + hint() + ", an optional dependency of lxt4j that is not on the classpath: add "
                + (artifacts.size() == 1 ? "it" : "them") + " to your build (README.md, 'Optional features')",
                artifacts, cause);
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
