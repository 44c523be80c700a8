package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.Lxt4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSchemeTest {
    @TempDir
    Path dir;

    private TokenScheme of(String json) throws Exception {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, json);
        return TokenScheme.fromTokenizerJson(f);
    }

    @Test
    void demoWordLevelTokenizerIsWhitespace() throws Exception {
        Path demo = Path.of(getClass()
                .getResource("/io/github/lxt4j/demo/kv-retrieval/tokenizer.json")
                .toURI());
        assertEquals(TokenScheme.WHITESPACE, TokenScheme.fromTokenizerJson(demo));
    }

    @Test
    void anOpenTokenizerGivesItsSchemeFromTheSameParse() throws Exception {
        Path demo = Path.of(getClass()
                .getResource("/io/github/lxt4j/demo/kv-retrieval/tokenizer.json")
                .toURI());
        try (io.github.lxt4j.io.HfTokenizer tok = io.github.lxt4j.io.HfTokenizer.open(demo)) {
            assertEquals(TokenScheme.WHITESPACE, TokenScheme.of(tok.tokenizerFile()));
        }
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":0}}}");
        assertEquals(TokenScheme.WORDPIECE, TokenScheme.of(io.github.lxt4j.io.TokenizerFile.read(f)));
    }

    @Test
    void knownTokenizerShapes() throws Exception {
        assertEquals(
                TokenScheme.BYTE_LEVEL,
                of("{\"model\":{\"type\":\"BPE\"},\"pre_tokenizer\":{\"type\":"
                        + "\"ByteLevel\"},\"decoder\":{\"type\":\"ByteLevel\"}}"));
        assertEquals(
                TokenScheme.SENTENCEPIECE,
                of("{\"model\":{\"type\":\"BPE\"},\"decoder\":{\"type\":\"Sequence\","
                        + "\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"String\":\"\u2581\"},\"content\":\" \"},"
                        + "{\"type\":\"ByteFallback\"},{\"type\":\"Fuse\"},{\"type\":\"Strip\"}]}}"));
        assertEquals(
                TokenScheme.SENTENCEPIECE,
                of("{\"model\":{\"type\":\"Unigram\"},\"decoder\":{\"type\":"
                        + "\"Metaspace\",\"replacement\":\"\u2581\"}}"));
        assertEquals(
                TokenScheme.WORDPIECE,
                of("{\"model\":{\"type\":\"WordPiece\"},\"decoder\":{\"type\":" + "\"WordPiece\",\"prefix\":\"##\"}}"));
        assertEquals(
                TokenScheme.END_OF_WORD,
                of("{\"model\":{\"type\":\"BPE\",\"end_of_word_suffix\":\"</w>\"},"
                        + "\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\"},{\"type\":"
                        + "\"ByteLevel\"}]},\"decoder\":{\"type\":\"BPEDecoder\",\"suffix\":\"</w>\"}}"));
        assertEquals(TokenScheme.AUTO, of("{\"model\":{\"type\":\"BPE\"}}"));
    }

    @Test
    void unreadableFileNamesTheFile() throws Exception {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{not json");
        Lxt4jException e = assertThrows(Lxt4jException.class, () -> TokenScheme.fromTokenizerJson(f));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }
}
