package io.github.lxt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines datasets: the fixture's format, optional fields, and errors that name file, line and field. */
class EvalDatasetTest {

    @TempDir
    Path tmp;

    private Path write(String... lines) throws IOException {
        Path f = tmp.resolve("data.jsonl");
        Files.write(f, List.of(lines));
        return f;
    }

    private String error(String... lines) throws IOException {
        Path f = write(lines);
        return assertThrows(EvalInputException.class, () -> EvalDataset.read(f)).getMessage();
    }

    @Test
    void readsTheKvRetrievalEvalSet() {
        List<EvalExample> all = EvalDataset.read(Fixtures.dir("kv-retrieval").resolve("eval.jsonl"));
        assertEquals(300, all.size());
        EvalExample first = all.get(0);
        assertTrue(first.prompt().startsWith("rupert likes brown ."), first.prompt());
        assertEquals("pink", first.answer());
        assertEquals(15, first.sourcePosition());
        assertEquals("eval.jsonl:1", first.where());
        assertEquals(
                20,
                EvalDataset.read(Fixtures.dir("kv-retrieval").resolve("eval.jsonl"), 20)
                        .size());
    }

    @Test
    void answerAndSourcePositionAreOptionalAndBlankLinesAreSkipped() throws IOException {
        List<EvalExample> ex = EvalDataset.read(write(
                "{\"prompt\": \"a b\"}",
                "",
                "{\"prompt\": \"c\"," + " \"answer\": null, \"source_position\": null, \"extra\": [1]}"));
        assertEquals(2, ex.size());
        assertNull(ex.get(0).answer());
        assertNull(ex.get(1).sourcePosition());
        assertEquals("data.jsonl:3", ex.get(1).where(), "blank lines keep their number");
    }

    @Test
    void limitStopsReadingBeforeLaterBadLines() throws IOException {
        assertEquals(
                1, EvalDataset.read(write("{\"prompt\": \"a\"}", "not json"), 1).size());
        assertThrows(EvalInputException.class, () -> EvalDataset.read(tmp.resolve("data.jsonl"), 0));
    }

    @Test
    void errorsNameTheFileLineAndField() throws IOException {
        String m = error("{\"prompt\": \"a\"}", "{\"prompt\": \"b\",}");
        assertTrue(m.startsWith("data.jsonl:2: not valid JSON"), m);
        m = error("{\"answer\": \"x\"}");
        assertTrue(m.contains("data.jsonl:1: field 'prompt' must be a non-empty string, found nothing"), m);
        m = error("{\"prompt\": \"  \"}");
        assertTrue(m.contains("field 'prompt'"), m);
        m = error("{\"prompt\": \"a\", \"answer\": 3}");
        assertTrue(m.contains("data.jsonl:1: field 'answer' must be a string, found 3"), m);
        m = error("{\"prompt\": \"a\", \"source_position\": -1}");
        assertTrue(m.contains("field 'source_position' must be a non-negative integer, found -1"), m);
        m = error("{\"prompt\": \"a\", \"source_position\": 2.5}");
        assertTrue(m.contains("found 2.5"), m);
        m = error("[1, 2]");
        assertTrue(m.contains("data.jsonl:1: expected a JSON object, found ARRAY"), m);
        m = error("{\"prompt\": \"a\", \"prompt\": \"b\"}");
        assertTrue(m.contains("data.jsonl:1: not valid JSON") && m.contains("Duplicate field 'prompt'"), m);
        m = error("", "  ");
        assertTrue(m.contains("has no examples"), m);
        m = assertThrows(EvalInputException.class, () -> EvalDataset.read(tmp.resolve("missing.jsonl")))
                .getMessage();
        assertTrue(m.contains("dataset file not found") && m.contains("missing.jsonl"), m);
    }
}
