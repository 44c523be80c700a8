package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Sub-word tokens summed into words, for every tokenizer scheme the project knows. */
class WordAggregationTest {

    private static void check(String[] tokens, TokenScheme scheme, String[] words, int[] wordOf) {
        WordAggregation w = WordAggregation.of(tokens, scheme);
        assertArrayEquals(words, w.words(), scheme.name());
        assertArrayEquals(wordOf, w.wordOf(), scheme.name());
    }

    @Test
    void sentencePieceSplitsAtTheSpaceMarkAndKeepsSpecialTokensApart() {
        check(
                new String[] {"<s>", "▁Hel", "lo", "▁world", "!", "<0x0A>", "▁x"},
                TokenScheme.SENTENCEPIECE,
                new String[] {"<s>", " Hello", " world!\n", " x"},
                new int[] {0, 1, 1, 2, 2, 2, 3});
        check(new String[] {"<s>", "Hi"}, TokenScheme.SENTENCEPIECE, new String[] {"<s>", "Hi"}, new int[] {0, 1});
    }

    @Test
    void byteLevelEndOfWordAndWordPiece() {
        check(
                new String[] {"Hello", "Ġwor", "ld", "Ċ", "ok"},
                TokenScheme.BYTE_LEVEL,
                new String[] {"Hello", " world\n", "ok"},
                new int[] {0, 1, 1, 1, 2});
        check(
                new String[] {"<|startoftext|>", "hel", "lo</w>", "world</w>", "<|endoftext|>"},
                TokenScheme.END_OF_WORD,
                new String[] {"<|startoftext|>", "hello", " world", " <|endoftext|>"},
                new int[] {0, 1, 1, 2, 3});
        check(
                new String[] {"[CLS]", "un", "##aff", "##able", "day", "[SEP]"},
                TokenScheme.WORDPIECE,
                new String[] {"[CLS]", " unaffable", " day", " [SEP]"},
                new int[] {0, 1, 1, 1, 2, 3});
    }

    @Test
    void relevanceIsSummedPerWordAndConserved() {
        WordAggregation w = WordAggregation.of(new String[] {"<s>", "▁Hel", "lo", "▁world"}, TokenScheme.AUTO);
        assertArrayEquals(new double[] {0.5, 3.0, -1.0}, w.sum(new double[] {0.5, 1.0, 2.0, -1.0}), 0);
        // a prefix that cuts "Hello" after "Hel": the cut word gets the part inside the prefix
        assertArrayEquals(new double[] {0.5, 1.0}, w.sumPrefix(new double[] {0.5, 1.0}), 0);
        assertEquals(2, w.wordsIn(3));
        assertThrows(InvalidRelevanceException.class, () -> w.sum(new double[] {1, 2}));
        assertThrows(
                UnknownTokenSchemeException.class,
                () -> WordAggregation.of(new String[] {"plain", "words"}, TokenScheme.AUTO));
    }
}
