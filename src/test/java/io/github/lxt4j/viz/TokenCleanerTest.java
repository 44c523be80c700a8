package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenCleanerTest {
    @Test
    void sentencePieceMarkersBecomeLeadingSpaces() {
        String[] tokens = {"<s>", "\u2581Hello", "\u2581world", "!"};
        assertEquals(TokenScheme.SENTENCEPIECE, TokenCleaner.detect(tokens));
        assertArrayEquals(new String[] {"<s>", " Hello", " world", "!"}, TokenCleaner.clean(tokens));
        assertArrayEquals(
                new String[] {" Hello", " world", "!"},
                TokenCleaner.clean(new String[] {"\u2581Hello", "\u2581world", "!"}, TokenScheme.SENTENCEPIECE));
    }

    @Test
    void sentencePieceByteTokensBecomeTheirBytes() {
        String[] tokens = {"\u2581Hi", "<0x0A>", "\u2581there", "<0x09>", "x"};
        assertArrayEquals(new String[] {" Hi", "\n", " there", "\t", "x"}, TokenCleaner.clean(tokens));
        // 😀 is F0 9F 98 80 in UTF-8: the character goes to the first byte token, the rest become empty
        String[] emoji = {"\u2581smile", "<0xF0>", "<0x9F>", "<0x98>", "<0x80>", "!"};
        assertArrayEquals(new String[] {" smile", "\uD83D\uDE00", "", "", "", "!"}, TokenCleaner.clean(emoji));
        // a lone continuation byte is ill-formed
        assertArrayEquals(
                new String[] {" a", "\uFFFD"},
                TokenCleaner.clean(new String[] {"\u2581a", "<0x80>"}, TokenScheme.SENTENCEPIECE));
    }

    @Test
    void byteLevelTokensAreDecodedThroughTheByteTable() {
        String[] tokens = {"Hello", "\u0120world", "\u010A"};
        assertEquals(TokenScheme.BYTE_LEVEL, TokenCleaner.detect(tokens));
        assertArrayEquals(new String[] {"Hello", " world", "\n"}, TokenCleaner.clean(tokens));
        // "café": é is C3 A9, written as Ã (U+00C3) and © (U+00A9); a tab is ĉ (U+0109)
        assertArrayEquals(
                new String[] {" caf\u00e9", "\t", "\u00e9", ""},
                TokenCleaner.clean(
                        new String[] {"\u0120caf\u00c3\u00a9", "\u0109", "\u00c3", "\u00a9"}, TokenScheme.BYTE_LEVEL));
        // the soft hyphen U+00AD is C2 AD; byte AD is not printable and maps to Ń (U+0143)
        assertArrayEquals(
                new String[] {"\u00ad"}, TokenCleaner.clean(new String[] {"\u00c2\u0143"}, TokenScheme.BYTE_LEVEL));
    }

    @Test
    void byteTableIsGpt2sBytesToUnicode() {
        assertEquals('\u0100', ByteLevelAlphabet.charOf(0));
        assertEquals('\u0109', ByteLevelAlphabet.charOf('\t'));
        assertEquals('\u010A', ByteLevelAlphabet.charOf('\n'));
        assertEquals('\u0120', ByteLevelAlphabet.charOf(' '));
        assertEquals('!', ByteLevelAlphabet.charOf('!'));
        assertEquals('~', ByteLevelAlphabet.charOf('~'));
        assertEquals('\u0121', ByteLevelAlphabet.charOf(127));
        assertEquals('\u0142', ByteLevelAlphabet.charOf(160));
        assertEquals('\u00a1', ByteLevelAlphabet.charOf(0xA1));
        assertEquals('\u0143', ByteLevelAlphabet.charOf(173));
        assertEquals('\u00ff', ByteLevelAlphabet.charOf(255));
        for (int b = 0; b < 256; b++) {
            assertEquals(b, ByteLevelAlphabet.byteOf(ByteLevelAlphabet.charOf(b)), "byte " + b);
        }
        assertEquals(-1, ByteLevelAlphabet.byteOf('\u2581'));
        assertEquals(-1, ByteLevelAlphabet.byteOf('\u00ad'));
    }

    @Test
    void wordPieceContinuationsJoinTheirWord() {
        String[] tokens = {"play", "##ing", "ball"};
        assertEquals(TokenScheme.WORDPIECE, TokenCleaner.detect(tokens));
        assertArrayEquals(new String[] {"play", "ing", " ball"}, TokenCleaner.clean(tokens));
        assertArrayEquals(
                new String[] {"[CLS]", " un", "aff", "able", " [SEP]"},
                TokenCleaner.clean(new String[] {"[CLS]", "un", "##aff", "##able", "[SEP]"}));
    }

    @Test
    void endOfWordSuffixesBecomeSpacesBeforeTheNextWord() {
        // CLIP's BPE for "<|startoftext|>a photo of café.<|endoftext|>": é is the byte-level pair Ã©
        String[] tokens = {
            "<|startoftext|>", "a</w>", "photo</w>", "of</w>", "caf", "\u00c3\u00a9</w>", ".</w>", "<|endoftext|>"
        };
        assertEquals(TokenScheme.END_OF_WORD, TokenCleaner.detect(tokens));
        assertArrayEquals(
                new String[] {"<|startoftext|>", "a", " photo", " of", " caf", "\u00e9", " .", " <|endoftext|>"},
                TokenCleaner.clean(tokens));
        assertThrows(
                UnknownTokenSchemeException.class,
                () -> TokenCleaner.clean(new String[] {"a", "photo"}, TokenScheme.END_OF_WORD));
    }

    @Test
    void whitespaceTokensAreJoinedBySpaces() {
        String[] tokens = {"alice", "likes", "red", "."};
        assertArrayEquals(
                new String[] {"alice", " likes", " red", " ."}, TokenCleaner.clean(tokens, TokenScheme.WHITESPACE));
    }

    @Test
    void joinedCleanTokensAreTheDecodedText() {
        String[] tokens = {"\u2581The", "\u2581cat", "<0x0A>", "\u2581sat", "."};
        assertEquals(" The cat\n sat.", String.join("", TokenCleaner.clean(tokens)));
    }

    @Test
    void autoWithoutMarkersThrowsUnlessPassThrough() {
        String[] tokens = {"alice", "likes", "red", "."};
        assertTrue(TokenCleaner.tryDetect(tokens).isEmpty());
        UnknownTokenSchemeException e =
                assertThrows(UnknownTokenSchemeException.class, () -> TokenCleaner.clean(tokens));
        assertTrue(
                e.getMessage().contains("[alice, likes, red, .]")
                        && e.getMessage().contains("WHITESPACE"),
                e.getMessage());
        String[] passed = TokenCleaner.cleanOrPassThrough(tokens, TokenScheme.AUTO);
        assertArrayEquals(tokens, passed);
        assertNotSame(tokens, passed);
    }

    @Test
    void requestedSchemeThatDoesNotFitThrowsUnlessPassThrough() {
        String[] gpt2 = {"Hello", "\u0120world"};
        UnknownTokenSchemeException sp = assertThrows(
                UnknownTokenSchemeException.class, () -> TokenCleaner.clean(gpt2, TokenScheme.SENTENCEPIECE));
        assertTrue(sp.getMessage().contains("SENTENCEPIECE"), sp.getMessage());
        assertArrayEquals(gpt2, TokenCleaner.cleanOrPassThrough(gpt2, TokenScheme.SENTENCEPIECE));

        String[] llama = {"\u2581Hello"};
        UnknownTokenSchemeException bl = assertThrows(
                UnknownTokenSchemeException.class, () -> TokenCleaner.clean(llama, TokenScheme.BYTE_LEVEL));
        assertTrue(bl.getMessage().contains("token 0") && bl.getMessage().contains("U+2581"), bl.getMessage());
        assertThrows(UnknownTokenSchemeException.class, () -> TokenCleaner.clean(llama, TokenScheme.WORDPIECE));
        assertThrows(
                UnknownTokenSchemeException.class,
                () -> TokenCleaner.clean(new String[] {"a", "b c"}, TokenScheme.WHITESPACE));
        assertFalse(TokenCleaner.fits(llama, TokenScheme.WHITESPACE));
        assertTrue(TokenCleaner.fits(llama, TokenScheme.SENTENCEPIECE));
        // pass-through does not stop tokens that fit from being cleaned
        assertArrayEquals(new String[] {" Hello"}, TokenCleaner.cleanOrPassThrough(llama, TokenScheme.AUTO));
    }

    @Test
    void resultLinesUpWithInput() {
        String[] tokens = {"\u2581a", "<0xE2>", "<0x82>", "<0xAC>", "\u2581b"};
        String[] clean = TokenCleaner.clean(tokens);
        assertEquals(tokens.length, clean.length);
        assertArrayEquals(new String[] {" a", "\u20ac", "", "", " b"}, clean);
    }
}
