package io.github.lxt4j.viz;

import io.github.lxt4j.io.SafeOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A token heatmap as a PDF, in pure Java with Apache PDFBox: no TeX needed. Each token is a rectangle in its
 * {@link Colormap#BWR} color with the token drawn over it as real (selectable, searchable) text in Helvetica. Lines
 * wrap at the page width and continue on new pages.
 *
 * <p>Helvetica is one of the 14 standard PDF fonts, so nothing is embedded, but it covers only WinAnsi (Latin-1 and a
 * few more): characters it cannot encode, such as CJK, Greek or emoji, are drawn as {@code ?}.
 */
public final class PdfHeatmap implements TokenHeatmap<byte[]> {
    private static final char MISSING = '?';

    private PDRectangle pageSize = PDRectangle.A4;
    private float fontSize = 12;
    private float margin = 50;
    private String title = "";
    private boolean cropToContent;

    /** A renderer for A4 pages, 12-point text and 50-point margins, without title. */
    public PdfHeatmap() {
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
     * (default false: pages of {@link #pageSize}); lines still wrap at the page size's width.
     */
    public PdfHeatmap cropToContent(boolean crop) {
        this.cropToContent = crop;
        return this;
    }

    /** The PDF file's bytes. */
    @Override
    public byte[] render(String[] tokens, double[] relevance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PDDocument doc = build(tokens, relevance)) {
            doc.save(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("PDFBox failed to write the heatmap in memory", e);
        }
        return bytes.toByteArray();
    }

    /** Renders and writes the PDF. */
    public void write(Path file, String[] tokens, double[] relevance) throws IOException {
        SafeOutput.write(file, render(tokens, relevance));
    }

    /** Renders and writes the PDF. */
    public void write(Path file, String[] tokens, float[] relevance) throws IOException {
        SafeOutput.write(file, render(tokens, relevance));
    }

    private PDDocument build(String[] tokens, double[] relevance) throws IOException {
        double[] r = TokenInputs.normalized(tokens, relevance);
        PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        Encodable encodable = new Encodable(font);
        float lineHeight = fontSize * 1.6f;
        float ascent = font.getFontDescriptor().getAscent() / 1000 * fontSize;
        float descent = -font.getFontDescriptor().getDescent() / 1000 * fontSize;
        float contentWidth = pageSize.getWidth() - 2 * margin;
        float titleSpace = title.isEmpty() ? 0 : 2 * lineHeight;
        if (contentWidth < fontSize) {
            throw new IllegalArgumentException("page " + pageSize + " is too small for " + fontSize
                    + "-point text with " + margin + "-point margins");
        }
        String[] texts = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            texts[i] = encodable.apply(DisplayText.sanitize(tokens[i]));
        }
        List<TokenLayout.Placed> boxes = TokenLayout.layout(texts, s -> width(font, s), contentWidth);
        PDRectangle pageSize = this.pageSize;
        float margin = this.margin;
        if (cropToContent) {
            margin = 6;
            double right = title.isEmpty() ? 0 : width(bold, new Encodable(bold).apply(DisplayText.sanitize(title)
                    .replace('\n', ' '))) * 1.3;
            int lines = 0;
            for (TokenLayout.Placed p : boxes) {
                right = Math.max(right, p.x() + p.width());
                lines = Math.max(lines, p.line() + 1);
            }
            pageSize = new PDRectangle((float) right + 2 * margin, Math.max(lines, 1) * lineHeight + titleSpace + 2 * margin
                    + lineHeight / 2);
        }
        float top = pageSize.getHeight() - margin;
        int linesPerPage = (int) Math.floor((pageSize.getHeight() - 2 * margin) / lineHeight);
        int firstPageLines = (int) Math.floor((pageSize.getHeight() - 2 * margin - titleSpace) / lineHeight);
        if (firstPageLines < 1) {
            throw new IllegalArgumentException("page " + pageSize + " is too small for " + fontSize
                    + "-point text with " + margin + "-point margins");
        }

        PDDocument doc = new PDDocument();
        try {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setCreator("lxt4j");
            if (!title.isEmpty()) {
                info.setTitle(title);
            }
            List<List<TokenLayout.Placed>> pages = new ArrayList<>();
            List<Integer> rowOffset = new ArrayList<>();
            for (TokenLayout.Placed p : boxes) {
                int page = p.line() < firstPageLines ? 0 : 1 + (p.line() - firstPageLines) / linesPerPage;
                while (pages.size() <= page) {
                    pages.add(new ArrayList<>());
                    rowOffset.add(pages.size() == 1 ? 0 : firstPageLines + (pages.size() - 2) * linesPerPage);
                }
                pages.get(page).add(p);
            }
            if (pages.isEmpty()) {
                pages.add(List.of());
                rowOffset.add(0);
            }
            for (int pg = 0; pg < pages.size(); pg++) {
                PDPage page = new PDPage(pageSize);
                doc.addPage(page);
                float firstBaseline = top - (pg == 0 ? titleSpace : 0);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    if (pg == 0 && !title.isEmpty()) {
                        cs.setNonStrokingColor(0f, 0f, 0f);
                        cs.beginText();
                        cs.setFont(bold, fontSize * 1.3f);
                        cs.newLineAtOffset(margin, top - fontSize * 1.3f);
                        cs.showText(new Encodable(bold).apply(DisplayText.sanitize(title).replace('\n', ' ')));
                        cs.endText();
                    }
                    for (TokenLayout.Placed p : pages.get(pg)) {
                        int row = p.line() - rowOffset.get(pg);
                        float baseline = firstBaseline - ascent - row * lineHeight;
                        float x = margin + (float) p.x();
                        double[] c = Colormap.BWR.rgbUnit(r[p.token()]);
                        cs.setNonStrokingColor((float) c[0], (float) c[1], (float) c[2]);
                        cs.addRect(x, baseline - descent - 1, (float) p.width(), ascent + descent + 2);
                        cs.fill();
                        if (!p.text().isEmpty()) {
                            float ink = TextContrast.onBackground(Colormap.BWR.rgb(r[p.token()])) == 0 ? 0f : 1f;
                            cs.setNonStrokingColor(ink, ink, ink);
                            cs.beginText();
                            cs.setFont(font, fontSize);
                            cs.newLineAtOffset(x, baseline);
                            cs.showText(p.text());
                            cs.endText();
                        }
                    }
                }
            }
            return doc;
        } catch (IOException | RuntimeException e) {
            doc.close();
            throw e;
        }
    }

    private float width(PDFont font, String s) {
        try {
            return font.getStringWidth(s) / 1000 * fontSize;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the characters that a font cannot encode. */
    private static final class Encodable {
        private final PDFont font;
        private final Map<Integer, Boolean> cache = new HashMap<>();

        Encodable(PDFont font) {
            this.font = font;
        }

        String apply(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                out.appendCodePoint(cp == '\n' || cache.computeIfAbsent(cp, this::canEncode) ? cp : MISSING);
                i += Character.charCount(cp);
            }
            return out.toString();
        }

        private boolean canEncode(int cp) {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }
    }
}
