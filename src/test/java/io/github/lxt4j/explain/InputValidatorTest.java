package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Issue 12, item 7: the shared input validator (to be wired into every explainer entry point). */
class InputValidatorTest {
    private static final long[][] IDS = {{5, 6, 7}, {0, 8, 9}};

    private static String fails(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @Test
    void emptyBatchesAndRowsAreRefused() {
        assertEquals(
                "input_ids is an empty batch: at least one row is needed",
                fails(() -> InputValidator.ids("input_ids", new long[0][])));
        assertEquals(
                "input_ids row 0 is empty: at least one token is needed",
                fails(() -> InputValidator.ids("input_ids", new long[][] {{}})));
        assertEquals(
                "ragged input_ids: row 1 has 1 ids, row 0 has 2 (left-pad and pass an attention mask)",
                fails(() -> InputValidator.ids("input_ids", new long[][] {{1, 2}, {3}})));
    }

    @Test
    void idsOutsideTheVocabularyAreRefused() {
        assertEquals(
                "input_ids[1, 2] = 9 is outside the vocabulary [0, 9)",
                fails(() -> InputValidator.ids("input_ids", IDS, 9)));
        assertEquals(
                "input_ids[0, 0] = -1 is outside the vocabulary [0, 10)",
                fails(() -> InputValidator.ids("input_ids", new long[][] {{-1}}, 10)));
        InputValidator.ids("input_ids", IDS, 10);
    }

    @Test
    void masksMustHaveTheShapeOfTheIds() {
        assertEquals(
                "attention_mask has 1 rows for 2 rows of ids; expected the shape of the ids, [2, 3]",
                fails(() -> InputValidator.mask("attention_mask", new long[][] {{1, 1, 1}}, IDS)));
        assertEquals(
                "attention_mask row 1 has 4 entries for 3 ids; expected the shape of the ids",
                fails(() -> InputValidator.mask("attention_mask", new long[][] {{1, 1, 1}, {0, 1, 1, 1}}, IDS)));
    }

    @Test
    void masksHoldZerosAndOnesAndNoEmptyRow() {
        assertEquals(
                "attention_mask[0, 1] = 2; expected 0 (padding) or 1 (token)",
                fails(() -> InputValidator.mask("attention_mask", new long[][] {{1, 2, 1}, {0, 1, 1}}, IDS)));
        assertEquals(
                "attention_mask row 1 is all zeros: the row has no token to explain",
                fails(() -> InputValidator.mask("attention_mask", new long[][] {{1, 1, 1}, {0, 0, 0}}, IDS)));
        InputValidator.mask("attention_mask", new long[][] {{1, 1, 1}, {0, 1, 1}}, IDS);
        InputValidator.mask("attention_mask", null, IDS);
    }

    @Test
    void shapesNeedTheirRankAndNoEmptyDimension() {
        assertEquals(
                "pixel_values must have 4 dimensions, got shape [3, 224, 224]",
                fails(() -> InputValidator.shape("pixel_values", new long[] {3, 224, 224}, 4)));
        assertEquals(
                "input_ids has an empty dimension: shape [0, 5]",
                fails(() -> InputValidator.shape("input_ids", new long[] {0, 5}, 2)));
        InputValidator.shape("input_ids", new long[] {1, 5}, 2);
    }
}
