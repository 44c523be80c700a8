package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerFileTest {

    @Test
    void settingsKeepEverythingButTheVocabularyAndMerges(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(
                f,
                "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"a b\"],"
                        + "\"unk_token\":\"a\"},\"decoder\":{\"type\":\"ByteLevel\"},\"added_tokens\":[]}");
        TokenizerFile t = TokenizerFile.read(f);
        assertEquals("BPE", t.settings().path("model").path("type").asText());
        assertEquals("a", t.settings().path("model").path("unk_token").asText());
        assertEquals("ByteLevel", t.settings().path("decoder").path("type").asText());
        assertFalse(t.settings().path("model").has("vocab"));
        assertFalse(t.settings().path("model").has("merges"));
        assertEquals(2, t.vocab().size());
        assertEquals(0L, t.vocab().unkId());
        assertSame(t.vocab(), t.vocab(), "built once");
    }

    @Test
    void anOpenTokenizerSharesItsParse() {
        Path file = Path.of("src/main/resources/io/github/lxt4j/demo/kv-retrieval/tokenizer.json");
        try (HfTokenizer tok = HfTokenizer.open(file)) {
            assertEquals(file, tok.tokenizerFile().file());
            assertEquals(tok.vocabSize(), tok.tokenizerFile().vocab().size());
        }
    }

    @Test
    void notAnObjectNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tok.json");
        Files.writeString(f, "[1, 2]");
        TokenizerException e = assertThrows(TokenizerException.class, () -> TokenizerFile.read(f));
        assertTrue(e.getMessage().contains("tok.json") && e.getMessage().contains("JSON object"), e.getMessage());
    }
}
