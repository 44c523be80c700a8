package io.github.lxt4j.cli;

import io.github.lxt4j.io.ParserPropertiesTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Issue 12: the JSON Lines reader, fed arbitrary bytes or near-valid lines, gives only typed errors. */
class JsonlReaderPropertiesTest {

    private static void readAll(byte[] bytes) {
        InputStream in = new ByteArrayInputStream(bytes);
        ParserPropertiesTest.onlyTyped(() -> {
            try (PromptReader r = new PromptReader(new FileOrStdStream<>(in, "fuzz", false), 48)) {
                for (JsonLine line = r.next(); line != null; line = r.next()) {
                    PromptLine.of(line);
                }
            }
        });
    }

    @Property(tries = 300)
    void arbitraryBytes(@ForAll @Size(max = 200) byte[] bytes) {
        readAll(bytes);
    }

    @Provide
    Arbitrary<String> line() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "{\"prompt\": \"a\"}",
                        "{\"prompt\": \"a\", \"target\": 3}",
                        "\"a b\"",
                        "{}",
                        "[]",
                        "{\"prompt\": null}",
                        "{\"prompt\": \"a\", \"target\": -1e99}",
                        "{\"prompt\": \"a\", \"id\": {}}",
                        "\uFEFF{\"prompt\": \"x\"}",
                        "   ",
                        "{\"prompt\": \"a\"",
                        "{\"prompt\": \"\\ud800\"}"),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Property(tries = 300)
    void nearValidLines(@ForAll @Size(max = 6) List<@net.jqwik.api.From("line") String> lines, @ForAll boolean crlf) {
        readAll(String.join(crlf ? "\r\n" : "\n", lines).getBytes(StandardCharsets.UTF_8));
    }
}
