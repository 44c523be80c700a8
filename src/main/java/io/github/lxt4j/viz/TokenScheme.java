package io.github.lxt4j.viz;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.io.TokenizerFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a tokenizer marks word boundaries in its tokens; selects the cleaning rules of {@link TokenCleaner}. */
public enum TokenScheme {
    /**
     * SentencePiece (LLaMA 2, TinyLlama, Mistral, T5): {@code ▁} (U+2581) marks a space, byte-fallback tokens such
     * as {@code <0x0A>} stand for one byte.
     */
    SENTENCEPIECE,
    /**
     * Byte-level BPE (GPT-2, LLaMA 3, Qwen2): every byte is written as one character of GPT-2's byte-to-unicode
     * table, so {@code Ġ} is a space and {@code Ċ} a newline.
     */
    BYTE_LEVEL,
    /**
     * BPE with an end-of-word suffix (CLIP, OpenCLIP): {@code </w>} ends a word, so the next token starts a new one;
     * characters are written in GPT-2's byte-to-unicode table.
     */
    END_OF_WORD,
    /** WordPiece (BERT): {@code ##x} continues the previous word; every other token starts a new word. */
    WORDPIECE,
    /** Word-level or plain tokens that were split at whitespace: tokens are words joined by single spaces. */
    WHITESPACE,
    /** Detect the scheme from the tokens themselves (see {@link TokenCleaner#detect(String[])}). */
    AUTO;

    /**
     * Reads the scheme from a Hugging Face {@code tokenizer.json}: its model type and its decoder and pre-tokenizer
     * steps. Returns {@link #AUTO} when the file names none of the known markers.
     *
     * @throws Lxt4jException if the file cannot be read or is not JSON
     */
    public static TokenScheme fromTokenizerJson(Path tokenizerJson) {
        return TokenizerJson.scheme(tokenizerJson);
    }

    /** The scheme of an already parsed {@code tokenizer.json} (for example {@code HfTokenizer.tokenizerFile()}). */
    public static TokenScheme of(TokenizerFile tokenizer) {
        return TokenizerJson.scheme(tokenizer.settings());
    }

    /** The scheme of a model folder's {@code tokenizer.json}, or {@link #AUTO} when the folder has none. */
    public static TokenScheme ofModelFolder(Path dir) {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        return Files.isRegularFile(tokenizerJson) ? fromTokenizerJson(tokenizerJson) : AUTO;
    }
}
