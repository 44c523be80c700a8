package io.github.lxt4j.io;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A Hugging Face fast tokenizer ({@code tokenizer.json}) through DJL. Special tokens are added as the file's
 * post-processor defines (e.g. a leading {@code <s>}); nothing is truncated or padded.
 */
public final class HfTokenizer implements AutoCloseable {
    private static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private final Path file;
    private final TokenizerFile parsed;
    private final HuggingFaceTokenizer tokenizer;
    private final TokenizerVocab vocab;
    private volatile boolean closed;

    private HfTokenizer(TokenizerFile parsed, HuggingFaceTokenizer tokenizer) {
        this.file = parsed.file();
        this.parsed = parsed;
        this.tokenizer = tokenizer;
        this.vocab = parsed.vocab();
    }

    /** Loads {@code dirOrFile}: a {@code tokenizer.json} file, or a folder that holds one. Never goes online. */
    public static HfTokenizer open(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("tokenizer.json") : dirOrFile;
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException(
                    Files.exists(file)
                            ? file + " is not a regular file (expected a" + " tokenizer.json)"
                            : file.getFileName() + " not found in "
                                    + file.toAbsolutePath().getParent());
        }
        TokenizerFile parsed = TokenizerFile.read(file);
        parsed.vocab(); // a malformed vocabulary is reported before DJL's own parse
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        try {
            HuggingFaceTokenizer tokenizer =
                    parsed.otherKeys().isEmpty() ? build(dirOrFile) : buildWithout(file, parsed.otherKeys());
            return new HfTokenizer(parsed, tokenizer);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(file + ": cannot load tokenizer: " + e.getMessage(), e);
        }
    }

    private static HuggingFaceTokenizer build(Path dirOrFile) throws IOException {
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(dirOrFile)
                .optAddSpecialTokens(true)
                .optTruncation(false)
                .optPadding(false)
                .build();
    }

    /**
     * Loads a copy of {@code file} without the top-level {@code keys} that the tokenizers library would refuse
     * (written by newer or other tools; HF's Python loader ignores them), beside its {@code tokenizer_config.json}.
     */
    private static HuggingFaceTokenizer buildWithout(Path file, List<String> keys) throws IOException {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        root.remove(keys);
        Path dir = Files.createTempDirectory("lxt4j-tokenizer");
        try {
            Files.write(dir.resolve("tokenizer.json"), Json.MAPPER.writeValueAsBytes(root));
            Path config = file.resolveSibling("tokenizer_config.json");
            if (Files.isRegularFile(config)) {
                Files.copy(config, dir.resolve("tokenizer_config.json"));
            }
            return build(dir);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The tokenizer.json this was loaded from. */
    public Path file() {
        return file;
    }

    /** The parsed file, for readers of its settings (such as the display's token scheme). */
    public TokenizerFile tokenizerFile() {
        return parsed;
    }

    /** Tokenizes {@code text}, special tokens included; empty or blank text is an error. */
    public Encoding encode(String text) {
        checkOpen();
        if (text == null || text.isBlank()) {
            throw new TokenizerException("cannot tokenize " + (text == null ? "null" : "empty or blank") + " text with "
                    + file + "; expected a non-empty prompt");
        }
        ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(text);
        return new Encoding(e.getIds(), e.getTokens());
    }

    /** The text of {@code ids}, special tokens included; every id must be within the vocabulary. */
    public String decode(long[] ids) {
        return decode(ids, false);
    }

    /** The text of {@code ids}, dropping special tokens if {@code skipSpecialTokens}. */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        checkOpen();
        for (int i = 0; i < ids.length; i++) {
            checkId(ids[i], "at position " + i + " ");
        }
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /** The vocabulary's string for {@code id}, exactly as stored (no decoding of {@code ▁} or {@code Ġ}). */
    public String token(long id) {
        checkId(id, "");
        return vocab.token(id);
    }

    /**
     * Like {@link #token}, but null for an id at or past the tokenizer's vocabulary size: models often pad their
     * embedding table beyond it (T5: 32128 rows for 32100 tokens; Qwen2), and the argmax can land there.
     */
    public String tokenOrNull(long id) {
        return id >= 0 && id < vocabSize() ? token(id) : null;
    }

    /** The id of the vocabulary entry {@code token}. */
    public long id(String token) {
        Long id = vocab.id(token);
        if (id == null) {
            throw new TokenizerException("token '" + token + "' is not in the vocabulary of " + file);
        }
        return id;
    }

    /**
     * The one token id that {@code text} stands for: the vocabulary entry spelled exactly so (as {@link #token}
     * returns it, e.g. {@code ▁figs}), else the single id that {@code text} tokenizes to without special tokens.
     *
     * @throws TokenizerException if {@code text} is empty, tokenizes to several ids or to none, or only to the
     *     unknown token
     */
    public long singleTokenId(String text) {
        checkOpen();
        Long id = vocab.id(text);
        if (id != null) {
            return id;
        }
        if (text.isEmpty()) {
            throw new TokenizerException("the empty string is not a token of " + file);
        }
        ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(text, false, false);
        long[] ids = e.getIds();
        if (ids.length != 1) {
            throw new TokenizerException("'" + text + "' is " + ids.length + " tokens " + Arrays.toString(e.getTokens())
                    + " for " + file + ", not one");
        }
        if (vocab.unkId() != null && ids[0] == vocab.unkId()) {
            throw new TokenizerException(
                    "'" + text + "' is not in the vocabulary of " + file + " (it tokenizes to the unknown token)");
        }
        return ids[0];
    }

    /** The id of the unknown token ({@code model.unk_token} or Unigram's {@code model.unk_id}), if any. */
    public OptionalLong unkTokenId() {
        Long id = vocab.unkId();
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** One more than the largest id of the vocabulary, added tokens included. */
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tokenizer.close();
        }
    }

    private void checkId(long id, String where) {
        if (vocab.token(id) == null) {
            throw new TokenizerException("token id " + id + " " + where + "is not in the vocabulary of " + file
                    + " (ids 0.." + (vocab.size() - 1) + ")");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("tokenizer " + file + " is closed");
        }
    }
}
