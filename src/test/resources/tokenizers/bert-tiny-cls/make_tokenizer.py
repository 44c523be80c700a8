#!/usr/bin/env python3
"""Writes tokenizer.json: a small BERT WordPiece tokenizer for the bert-tiny-cls test model (vocab 300).

The scheme is bert-base-uncased's tokenizer.json: BertNormalizer (clean text, Chinese characters split, lowercase,
accents stripped), BertPreTokenizer (whitespace and punctuation), WordPiece with the ## continuation prefix and
[UNK], and the template "[CLS] $A [SEP]" ("[CLS] $A [SEP] $B:1 [SEP]:1" for pairs). The ids of the specials are the
fixture's: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4. Then single characters (so every lowercase word has a
tokenization), their ## continuations, a few suffixes and short review words, up to 300 ids. Run it from this folder;
it needs no packages.
"""
import json

VOCAB_SIZE = 300
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
CHARS = list("abcdefghijklmnopqrstuvwxyz0123456789") + list(".,!?'-:;()\"")
SUFFIXES = ["##ed", "##ing", "##ly", "##er", "##est", "##ful", "##less", "##ness", "##able"]
WORDS = """the a an and or but not no is was are were be been it this that these those i you he she we they
movie film story plot acting actor actors scene scenes music ending character characters director
great good bad terrible awful boring fun funny brilliant wonderful excellent amazing poor weak best worst
love loved hate hated like liked enjoy enjoyed recommend waste time money really very so too quite
of in on at to for with as by from about than then there here what who how why when all some one two
movies watch watched see seen""".split()


def vocab():
    tokens = list(SPECIALS) + CHARS + ["##" + c for c in "abcdefghijklmnopqrstuvwxyz"] + SUFFIXES
    for w in WORDS:
        if w not in tokens and len(tokens) < VOCAB_SIZE:
            tokens.append(w)
    i = 0
    while len(tokens) < VOCAB_SIZE:
        tokens.append("[unused%d]" % i)
        i += 1
    assert len(tokens) == len(set(tokens)) == VOCAB_SIZE
    return {t: i for i, t in enumerate(tokens)}


def main():
    v = vocab()
    special = lambda t: {"id": v[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                         "normalized": False, "special": True}
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [v[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": v},
    }
    with open("tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
