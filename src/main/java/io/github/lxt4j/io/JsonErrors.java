package io.github.lxt4j.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors in words for lxt4j's messages: without the names of Jackson's settings that they suggest
 * to enable ({@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}, {@code StreamReadConstraints.getMaxStringLength()},
 * ...), which a user of lxt4j cannot act on, and without the source dump; with the line and column when known.
 */
public final class JsonErrors {
    private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '([^']*)'.*");
    private static final Pattern TOO_LONG = Pattern.compile(
            "(String value|Number value|Name) length \\((\\d+)\\)" + " exceeds the maximum allowed \\((\\d+).*",
            Pattern.DOTALL);
    private static final Pattern TOO_DEEP = Pattern.compile(
            "Document nesting depth \\((\\d+)\\) exceeds the maximum" + " allowed \\((\\d+).*", Pattern.DOTALL);
    /** A clause that names a Jackson type or setting in backquotes: {@code (… `StreamReadFeature.X` …)}. */
    private static final Pattern JACKSON_CLAUSE =
            Pattern.compile("\\s*[(;:,]?[^(;:,]*`[A-Za-z]+\\.[A-Za-z_.()]+`" + "[^);]*\\)?");

    private JsonErrors() {}

    /** What is wrong with the JSON, in words, with {@code (line L, column C)} when Jackson knows them. */
    public static String describe(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage()).strip();
        Matcher x;
        if ((x = NON_NUMERIC.matcher(m)).matches()) {
            m = x.group(1) + " is not a JSON number";
        } else if ((x = TOO_LONG.matcher(m)).matches()) {
            m = String.format(
                    Locale.ROOT,
                    "a %s of %s characters, more than the %s that lxt4j reads",
                    x.group(1).equals("Name") ? "key" : x.group(1).toLowerCase(Locale.ROOT),
                    x.group(2),
                    x.group(3));
        } else if ((x = TOO_DEEP.matcher(m)).matches()) {
            m = "arrays or objects nested " + x.group(1) + " deep, more than the " + x.group(2) + " that lxt4j reads";
        } else {
            m = JACKSON_CLAUSE.matcher(m).replaceAll("");
        }
        int newline = m.indexOf('\n');
        m = (newline < 0 ? m : m.substring(0, newline)).strip();
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1
                ? m
                : m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
