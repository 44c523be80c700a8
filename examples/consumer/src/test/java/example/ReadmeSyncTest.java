package example;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ```java block of README.md occurs verbatim (leading indentation aside) in ReadmeSnippets.java. */
class ReadmeSyncTest {

    static List<List<String>> javaBlocks(List<String> markdown) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown) {
            if (current == null && line.strip().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line.strip());
            }
        }
        return blocks;
    }

    @Test
    void everyReadmeJavaSnippetIsRunHereAsPrinted() throws Exception {
        List<String> readme = Files.readAllLines(Path.of(System.getProperty("consumer.readme")));
        List<String> source = Files.readAllLines(Path.of(System.getProperty("consumer.snippets"))).stream()
                .map(String::strip)
                .toList();
        List<List<String>> blocks = javaBlocks(readme);
        assertFalse(blocks.isEmpty(), "README.md has no ```java block");
        for (List<String> block : blocks) {
            assertTrue(
                    Collections.indexOfSubList(source, block) >= 0,
                    "README.md's snippet starting with '" + block.get(0) + "' is not in ReadmeSnippets.java as"
                            + " printed; paste it there (as a method body) and make its test check it:\n"
                            + String.join("\n", block));
        }
    }

    @Test
    void theExtractorFindsBlocksAndOnlyJavaBlocks() {
        List<List<String>> blocks = javaBlocks(
                List.of("text", "```bash", "ls", "```", "```java", "  int a = 1;", "```", "```java", "b();", "```"));
        assertTrue(blocks.equals(List.of(List.of("int a = 1;"), List.of("b();"))), blocks.toString());
    }
}
