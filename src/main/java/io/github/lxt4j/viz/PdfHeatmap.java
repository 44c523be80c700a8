package io.github.lxt4j.viz;

import io.github.lxt4j.ClassPathProbe;
import io.github.lxt4j.OptionalDependency;
import io.github.lxt4j.io.SafeOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A token heatmap as a PDF, in pure Java with Apache PDFBox: no TeX needed. Each token is a rectangle in its
 * {@link Colormap#BWR} color with the token drawn over it as real (selectable, searchable) text in Helvetica. Lines
 * wrap at the page width and continue on new pages.
 *
 * <p>Helvetica is one of the 14 standard PDF fonts, so nothing is embedded, but it covers only WinAnsi (Latin-1 and a
 * few more): characters it cannot encode, such as CJK, Greek or emoji, are drawn as {@code ?}.
 *
 * <p>PDFBox is an optional dependency of lxt4j: without it the constructor throws a
 * {@code MissingDependencyException} naming the artifact to add.
 */
public final class PdfHeatmap implements TokenHeatmap<byte[]> {
    private PDRectangle pageSize;
    private float fontSize = 12;
    private float margin = 50;
    private String title = "";
    private boolean cropToContent;

    /** A renderer for A4 pages, 12-point text and 50-point margins, without title. */
    public PdfHeatmap() {
        this(ClassPathProbe.current());
    }

    PdfHeatmap(ClassPathProbe probe) {
        OptionalDependency.PDFBOX.require(probe);
        pageSize = PDRectangle.A4;
    }

    /** The page size (default {@link PDRectangle#A4}). */
    public PdfHeatmap pageSize(PDRectangle pageSize) {
        this.pageSize = Objects.requireNonNull(pageSize, "pageSize");
        return this;
    }

    /** Font size in points (default 12). */
    public PdfHeatmap fontSize(float fontSize) {
        if (!(fontSize > 0) || Float.isInfinite(fontSize)) {
            throw new IllegalArgumentException("font size must be positive and finite, got " + fontSize);
        }
        this.fontSize = fontSize;
        return this;
    }

    /** A title drawn above the tokens on the first page and stored in the document information (default none). */
    public PdfHeatmap title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    /**
     * One page just large enough for the title and the tokens, with 6-point margins, like LXT's standalone figure
     * (default false: pages of {@link #pageSize}); lines still wrap at the page size's width. Tokens that would
     * make that page taller than PDF allows (14,400 points, about 1,000 lines) go on pages of {@link #pageSize}.
     */
    public PdfHeatmap cropToContent(boolean crop) {
        this.cropToContent = crop;
        return this;
    }

    /** The PDF file's bytes. */
    @Override
    public byte[] render(String[] tokens, double[] relevance) {
        return new PdfDocumentBuilder(pageSize, fontSize, margin, title, cropToContent).bytes(tokens, relevance);
    }

    /** Renders and writes the PDF. */
    public void write(Path file, String[] tokens, double[] relevance) throws IOException {
        SafeOutput.write(file, render(tokens, relevance));
    }

    /** Renders and writes the PDF. */
    public void write(Path file, String[] tokens, float[] relevance) throws IOException {
        SafeOutput.write(file, render(tokens, relevance));
    }
}
