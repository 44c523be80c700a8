package io.github.lxt4j.viz;

import static io.github.lxt4j.testing.PomVersions.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.ClassPathProbe;
import io.github.lxt4j.MissingDependencyException;
import io.github.lxt4j.testing.FakeClassPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class PdfHeatmapDependencyTest {

    @Test
    void withoutPdfboxTheConstructorNamesTheArtifact() {
        ClassPathProbe noPdfbox = FakeClassPath.without(name -> name.startsWith("org.apache.pdfbox."));
        MissingDependencyException e = assertThrows(MissingDependencyException.class, () -> new PdfHeatmap(noPdfbox));
        assertEquals(List.of("org.apache.pdfbox:pdfbox:" + property("pdfbox.version")), e.artifacts());
    }
}
