package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgHeatmapTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesAsSvgWithOneRectPerToken() throws Exception {
        String[] tokens = {"if", " a", " <", " b", " &&", " c", " \"d'"};
        double[] relevance = {1, -1, 0.5, 0, -0.5, 0.25, 0.75};
        Document doc = parse(new SvgHeatmap().render(tokens, relevance));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG_NS, root.getNamespaceURI());
        NodeList rects = doc.getElementsByTagNameNS(SVG_NS, "rect");
        assertEquals(tokens.length, rects.getLength());
        NodeList texts = doc.getElementsByTagNameNS(SVG_NS, "text");
        for (int i = 0; i < tokens.length; i++) {
            String expectedFill = String.format("#%06x", BwrFormula.packed(relevance[i]));
            assertEquals(expectedFill, ((Element) rects.item(i)).getAttribute("fill"), "token " + i);
            assertEquals(tokens[i].strip(), texts.item(i).getTextContent());
        }
    }

    @Test
    void wrapsLinesInsideTheWidth() throws Exception {
        String[] tokens = new String[60];
        double[] relevance = new double[60];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i == 0 ? "" : " ") + "word" + i;
            relevance[i] = Math.sin(i);
        }
        SvgHeatmap svg = new SvgHeatmap().width(300).fontSize(12);
        Document doc = parse(svg.render(tokens, relevance));
        NodeList rects = doc.getElementsByTagNameNS(SVG_NS, "rect");
        assertEquals(tokens.length, rects.getLength());
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            double right = Double.parseDouble(r.getAttribute("x")) + Double.parseDouble(r.getAttribute("width"));
            assertTrue(right <= 300, "rect " + i + " ends at " + right);
            rows.add(r.getAttribute("y"));
        }
        assertTrue(rows.size() > 5, "expected several lines, got " + rows);
        double height = Double.parseDouble(doc.getDocumentElement().getAttribute("height"));
        List<TokenBox> boxes = svg.layout(tokens);
        assertTrue(height
                >= boxes.get(boxes.size() - 1).y() + boxes.get(boxes.size() - 1).height());
    }

    @Test
    void controlCharactersAndEmptyTokensStillGiveValidXml() throws Exception {
        String[] tokens = {"a\u0000b", "", "\n", "\uD800"};
        Document doc = parse(new SvgHeatmap().render(tokens, new double[] {1, 1, 1, 1}));
        assertEquals(tokens.length, doc.getElementsByTagNameNS(SVG_NS, "rect").getLength());
        List<String> texts = new ArrayList<>();
        NodeList t = doc.getElementsByTagNameNS(SVG_NS, "text");
        for (int i = 0; i < t.getLength(); i++) {
            texts.add(t.item(i).getTextContent());
        }
        assertEquals(List.of("a\uFFFDb", "\uFFFD"), texts);
    }
}
