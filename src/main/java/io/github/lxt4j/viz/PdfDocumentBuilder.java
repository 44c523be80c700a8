package io.github.lxt4j.viz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The PDFBox code of {@link PdfHeatmap}, apart so that {@code PdfHeatmap} loads (and says what is missing) when
 * PDFBox is not on the classpath.
 */
final class PdfDocumentBuilder {
    private static final char MISSING = '?';

    /** The largest page side PDF allows (ISO 32000: 14,400 units, 200 inches). */
    static final float MAX_PAGE_POINTS = 14_400;

    private final PDRectangle pageSize;
    private final float fontSize;
    private final float margin;
    private final String title;
    private final boolean cropToContent;

    PdfDocumentBuilder(PDRectangle pageSize, float fontSize, float margin, String title, boolean cropToContent) {
        this.pageSize = pageSize;
        this.fontSize = fontSize;
        this.margin = margin;
        this.title = title;
        this.cropToContent = cropToContent;
    }

    /** The PDF file's bytes. */
    byte[] bytes(String[] tokens, double[] relevance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PDDocument doc = build(tokens, relevance)) {
            doc.save(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("PDFBox failed to write the heatmap in memory", e);
        }
        return bytes.toByteArray();
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
            double right = title.isEmpty()
                    ? 0
                    : width(
                                    bold,
                                    new Encodable(bold)
                                            .apply(DisplayText.sanitize(title).replace('\n', ' ')))
                            * 1.3;
            int lines = 0;
            for (TokenLayout.Placed p : boxes) {
                right = Math.max(right, p.x() + p.width());
                lines = Math.max(lines, p.line() + 1);
            }
            float height = Math.max(lines, 1) * lineHeight + titleSpace + 2 * margin + lineHeight / 2;
            if (height <= MAX_PAGE_POINTS) {
                pageSize = new PDRectangle((float) right + 2 * margin, height);
            } else {
                margin = this.margin; // taller than a PDF page may be: split into pages instead
            }
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
                        cs.showText(new Encodable(bold)
                                .apply(DisplayText.sanitize(title).replace('\n', ' ')));
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
