package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {
    private static final Path DIR = Fixtures.of("kv-retrieval");
    private static HfTokenizer tokenizer;
    private static Map<String, Long> vocab;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = HfTokenizer.open(DIR.resolve("tokenizer.json"));
        vocab = new HashMap<>();
        JsonNode v = new ObjectMapper()
                .readTree(DIR.resolve("tokenizer.json").toFile())
                .get("model")
                .get("vocab");
        v.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asLong()));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static long[] expectedIds(String text) {
        String[] words = text.trim().split("\\s+");
        long[] ids = new long[words.length + 1];
        ids[0] = vocab.get("<s>");
        for (int i = 0; i < words.length; i++) {
            ids[i + 1] = vocab.getOrDefault(words[i], vocab.get("<unk>"));
        }
        return ids;
    }

    @Test
    void encodesWordsToTheirVocabularyIdsAfterBos() {
        String text = "alice likes red . so alice likes";
        Encoding e = tokenizer.encode(text);
        assertArrayEquals(expectedIds(text), e.ids());
        assertEquals(vocab.get("<s>"), e.ids()[0]);
        assertArrayEquals(new String[] {"<s>", "alice", "likes", "red", ".", "so", "alice", "likes"}, e.tokens());
        assertEquals(8, e.length());
    }

    @Test
    void unknownWordsMapToUnk() {
        Encoding e = tokenizer.encode("zebra likes red");
        assertEquals(vocab.get("<unk>"), e.ids()[1]);
    }

    @Test
    void reproducesTheReferenceInputIds() throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("eval.jsonl"));
        ObjectMapper m = new ObjectMapper();
        try (SafetensorsFile f = SafetensorsFile.open(DIR.resolve("reference.safetensors"))) {
            TensorData ids = f.read("input_ids");
            int rows = (int) ids.shape()[0];
            int cols = (int) ids.shape()[1];
            long[] all = ids.toLongs();
            for (int r = 0; r < rows; r++) {
                long[] expected = java.util.Arrays.copyOfRange(all, r * cols, (r + 1) * cols);
                String prompt = m.readTree(lines.get(r)).get("prompt").asText();
                assertArrayEquals(expected, tokenizer.encode(prompt).ids(), "prompt " + r);
            }
        }
    }

    @Test
    void longInputsAreNotTruncated() {
        String text = "alice likes red . ".repeat(200);
        Encoding e = tokenizer.encode(text);
        assertEquals(801, e.length());
        assertArrayEquals(expectedIds(text), e.ids());
    }

    @Test
    void tokenAndIdFollowTheVocabulary() {
        assertEquals(vocab.size(), tokenizer.vocabSize());
        vocab.forEach((token, id) -> {
            assertEquals(token, tokenizer.token(id));
            assertEquals(id, tokenizer.id(token));
        });
        TokenizerException e = assertThrows(TokenizerException.class, () -> tokenizer.token(vocab.size()));
        assertTrue(e.getMessage().contains("token id " + vocab.size()), e.getMessage());
        assertThrows(TokenizerException.class, () -> tokenizer.token(-1));
        assertThrows(TokenizerException.class, () -> tokenizer.id("zebra"));
        assertEquals("figs", tokenizer.tokenOrNull(vocab.get("figs")));
        assertNull(tokenizer.tokenOrNull(vocab.size()), "a padded embedding row has no token");
    }

    @Test
    void singleTokenIdTakesAVocabularyEntryOrTextOfOneToken() {
        assertEquals(vocab.get("figs"), tokenizer.singleTokenId("figs"));
        assertEquals(vocab.get("<s>"), tokenizer.singleTokenId("<s>"), "a special token by its spelling");
        assertEquals(vocab.get("figs"), tokenizer.singleTokenId(" figs "), "not an entry, but one token as text");
        TokenizerException two = assertThrows(TokenizerException.class, () -> tokenizer.singleTokenId("figs pink"));
        assertTrue(two.getMessage().contains("'figs pink' is 2 tokens [figs, pink]"), two.getMessage());
        TokenizerException unk = assertThrows(TokenizerException.class, () -> tokenizer.singleTokenId("zebra"));
        assertTrue(unk.getMessage().contains("it tokenizes to the unknown token"), unk.getMessage());
        assertThrows(TokenizerException.class, () -> tokenizer.singleTokenId(""));
        TokenizerException none = assertThrows(TokenizerException.class, () -> tokenizer.singleTokenId("  "));
        assertTrue(none.getMessage().contains("is 0 tokens"), none.getMessage());
    }

    @Test
    void decodeRoundTripsAndChecksIds() {
        String text = "bob likes figs . so bob likes";
        long[] ids = tokenizer.encode(text).ids();
        assertEquals("<s> " + text, tokenizer.decode(ids));
        assertEquals("<s> " + text, tokenizer.decode(ids, true), "<s> is not declared special in this file");
        TokenizerException e = assertThrows(TokenizerException.class, () -> tokenizer.decode(new long[] {1, 7, 999}));
        assertTrue(e.getMessage().contains("999") && e.getMessage().contains("position 2"), e.getMessage());
    }

    @Test
    void addedSpecialTokensCountAndCanBeSkipped(@TempDir Path dir) throws IOException {
        ObjectMapper m = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                m.readTree(DIR.resolve("tokenizer.json").toFile());
        com.fasterxml.jackson.databind.node.ArrayNode added = json.putArray("added_tokens");
        added.addObject()
                .put("id", 1)
                .put("content", "<s>")
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", false)
                .put("special", true);
        added.addObject()
                .put("id", 51)
                .put("content", "<extra>")
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", false)
                .put("special", true);
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json.toString());
        try (HfTokenizer t = HfTokenizer.open(file)) {
            assertEquals(52, t.vocabSize(), "the largest id is an added token");
            assertEquals("<extra>", t.token(51));
            assertEquals(51, t.id("<extra>"));
            long[] ids = t.encode("dave likes figs <extra>").ids();
            assertArrayEquals(new long[] {1, 10, 4, 50, 51}, ids);
            assertEquals("dave likes figs", t.decode(ids, true));
        }
    }

    @Test
    void unknownTokenIdComesFromTheModelSection(@TempDir Path dir) throws IOException {
        assertEquals(vocab.get("<unk>"), tokenizer.unkTokenId().getAsLong());
        ObjectMapper m = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                m.readTree(DIR.resolve("tokenizer.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("model")).put("unk_token", "<absent>");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json.toString());
        assertTrue(TokenizerVocab.read(file).unkId() == null, "an unk_token outside the vocabulary names no id");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("model")).remove("unk_token");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("model")).put("unk_id", 5);
        Files.writeString(file, json.toString());
        assertEquals(5L, TokenizerVocab.read(file).unkId(), "Unigram's unk_id");
    }

    @Test
    void emptyOrBlankTextIsRejected() {
        assertThrows(TokenizerException.class, () -> tokenizer.encode(""));
        assertThrows(TokenizerException.class, () -> tokenizer.encode("  \n\t"));
        TokenizerException e = assertThrows(TokenizerException.class, () -> tokenizer.encode(null));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void opensFromTheFolderAsWellAndNamesAMissingFile(@TempDir Path empty) {
        try (HfTokenizer fromDir = HfTokenizer.open(DIR)) {
            assertArrayEquals(
                    tokenizer.encode("carol likes gold").ids(),
                    fromDir.encode("carol likes gold").ids());
        }
        TokenizerException e = assertThrows(TokenizerException.class, () -> HfTokenizer.open(empty));
        assertTrue(e.getMessage().contains("tokenizer.json not found in " + empty), e.getMessage());
    }

    @Test
    void offlineModeIsOn() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }
}
