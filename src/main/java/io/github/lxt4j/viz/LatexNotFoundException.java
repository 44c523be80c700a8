package io.github.lxt4j.viz;

import io.github.lxt4j.Lxt4jException;

/** Neither {@code xelatex} nor {@code pdflatex} could be found, so {@link LatexCompiler} cannot build a PDF. */
public class LatexNotFoundException extends Lxt4jException {
    /** An exception with the given message. */
    public LatexNotFoundException(String message) {
        super(message);
    }
}
