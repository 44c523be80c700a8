#!/usr/bin/env python3
"""Writes tokenizer.json: a small CLIP-style BPE tokenizer for the openclip-tiny test model (text vocab 320).

The scheme is CLIP's (openai/clip-vit-base-patch32's tokenizer.json): NFC, whitespace runs to one space and lowercase;
CLIP's split pattern, then byte-level characters; BPE whose word-final tokens end in </w>; <|startoftext|> and
<|endoftext|> around every text. The vocabulary is cut down to fit 320 ids: lowercase letters, digits and some
punctuation (each alone and with </w>), the most frequent merges of the word list below, then <unk> (any other
character; CLIP needs none, its vocabulary has all 256 bytes), <|startoftext|> and <|endoftext|> as the two highest
ids (OpenCLIP pools the text at the highest id of each row). Run it from this folder; it needs no packages.
"""
import json
from collections import Counter

VOCAB_SIZE = 320
ALPHABET = list("abcdefghijklmnopqrstuvwxyz0123456789") + list(".,'!?-:;")
SPECIALS = ["<unk>", "<|startoftext|>", "<|endoftext|>"]

WORDS = """a an the of in on at with and or to is are this that its photo picture image drawing painting sketch
rendering close up small big large little old new red green blue yellow black white gray brown orange pink purple
cat cats dog dogs bird birds fish horse cow sheep car cars truck bus train plane boat bike bicycle house tree trees
flower flowers man woman person people child children girl boy baby face hand street road city park beach sea
water sky cloud clouds snow rain sun mountain field grass food pizza apple banana cake table chair bed room door
window book phone computer ball game sitting standing running walking playing eating looking lying flying
swimming sleeping holding one two three four five many some""".split()


def words_of_corpus():
    # earlier words count more, so that the short caption words merge first
    counts = Counter()
    for rank, w in enumerate(WORDS):
        counts[w] += len(WORDS) - rank
    return counts


def train(counts, n_merges):
    seqs = {w: tuple(w[:-1]) + (w[-1] + "</w>",) for w in counts}
    merges = []
    while len(merges) < n_merges:
        pairs = Counter()
        for w, s in seqs.items():
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += counts[w]
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        for w, s in seqs.items():
            out, i = [], 0
            while i < len(s):
                if i + 1 < len(s) and (s[i], s[i + 1]) == best:
                    out.append(s[i] + s[i + 1])
                    i += 2
                else:
                    out.append(s[i])
                    i += 1
            seqs[w] = tuple(out)
    return merges


def main():
    vocab = {}
    for c in ALPHABET:
        vocab[c] = len(vocab)
    for c in ALPHABET:
        vocab[c + "</w>"] = len(vocab)
    merges = train(words_of_corpus(), VOCAB_SIZE - len(SPECIALS) - len(vocab))
    for a, b in merges:
        vocab[a + b] = len(vocab)
    for s in SPECIALS:
        vocab[s] = len(vocab)
    assert vocab["<|endoftext|>"] == max(vocab.values()) and len(vocab) <= VOCAB_SIZE, len(vocab)
    special = lambda tid, text, normalized: {"id": tid, "content": text, "single_word": False, "lstrip": False,
                                             "rstrip": False, "normalized": normalized, "special": True}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(vocab[s], s, s != "<|endoftext|>") for s in SPECIALS[1:]],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFC"},
            {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "},
            {"type": "Lowercase"}]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d"
                                                   "|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+"},
             "behavior": "Removed", "invert": True},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": {"type": "RobertaProcessing", "sep": ["<|endoftext|>", vocab["<|endoftext|>"]],
                           "cls": ["<|startoftext|>", vocab["<|startoftext|>"]], "trim_offsets": False,
                           "add_prefix_space": False},
        "decoder": {"type": "BPEDecoder", "suffix": "</w>"},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": "",
                  "end_of_word_suffix": "</w>", "fuse_unk": False, "byte_fallback": False, "vocab": vocab,
                  "merges": [a + " " + b for a, b in merges]},
    }
    with open("tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote tokenizer.json: {len(vocab)} tokens, {len(merges)} merges")


if __name__ == "__main__":
    main()
