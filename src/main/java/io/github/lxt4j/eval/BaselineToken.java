package io.github.lxt4j.eval;

import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.JsonConfig;
import java.util.OptionalLong;

/**
 * The token that perturbation puts in place of a removed one. By default the tokenizer's unknown token (as the
 * AttnLRP paper flips tokens to UNK), else the model config's {@code pad_token_id}; a model with neither needs one
 * given explicitly.
 */
public final class BaselineToken {
    private BaselineToken() {}

    public static long defaultFor(HfTokenizer tokenizer, JsonConfig modelConfig) {
        OptionalLong unk = tokenizer.unkTokenId();
        if (unk.isPresent()) {
            return unk.getAsLong();
        }
        if (modelConfig.has("pad_token_id") && !modelConfig.isNull("pad_token_id")) {
            return modelConfig.requireLong("pad_token_id");
        }
        throw new EvalInputException("no default baseline token: " + tokenizer.file() + " defines no unk_token and "
                + modelConfig.source() + " no pad_token_id; name one with --baseline-token ID|TOKEN");
    }

    /**
     * The baseline an evaluator uses: the one {@code options} name, else {@link #defaultFor}; a typed error outside
     * the vocabulary {@code [0, vocabSize)}.
     */
    static long resolve(EvalOptions options, HfTokenizer tokenizer, JsonConfig modelConfig, long vocabSize) {
        long baseline =
                options.baselineTokenId() != null ? options.baselineTokenId() : defaultFor(tokenizer, modelConfig);
        if (baseline < 0 || baseline >= vocabSize) {
            throw new EvalInputException(
                    "baseline token id " + baseline + " is outside the model's vocabulary [0, " + vocabSize + ")");
        }
        return baseline;
    }

    /** A token id (digits) or a token string of the vocabulary. */
    public static long parse(String idOrToken, HfTokenizer tokenizer) {
        if (idOrToken.isEmpty()) {
            throw new EvalInputException("--baseline-token is empty: give a token id or a token of the vocabulary");
        }
        if (idOrToken.chars().allMatch(Character::isDigit) && idOrToken.length() < 19) {
            return Long.parseLong(idOrToken);
        }
        return tokenizer.id(idOrToken);
    }
}
