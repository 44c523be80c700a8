package io.github.lxt4j.viz;

import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.io.HfTokenizer;

/**
 * The result fields of one explained prompt, as {@code lxt4j explain --jsonl} writes them and as the Spark
 * integration returns them as columns: the tokens as the vocabulary spells them, the same tokens cleaned for display
 * with the model's {@link TokenScheme}, the relevance, and the explained target as {@code (id, token, logit)}.
 */
public final class ResultFields {
    private ResultFields() {}

    /**
     * A decoder LM's result.
     *
     * @param text        the tokens cleaned by {@link TokenCleaner#cleanOrPassThrough}
     * @param targetToken the explained token as the tokenizer spells it; null past the tokenizer's vocabulary
     */
    public record Decoder(
            String method,
            String[] tokens,
            String[] text,
            long[] ids,
            double[] relevance,
            long targetId,
            String targetToken,
            double targetLogit,
            double totalRelevance) {

        public static Decoder of(Explanation e, HfTokenizer tokenizer, TokenScheme scheme) {
            long target = e.targetIds()[0];
            return new Decoder(
                    e.method().cliName(),
                    e.tokens(),
                    TokenCleaner.cleanOrPassThrough(e.tokens(), scheme),
                    e.ids(),
                    e.relevance(),
                    target,
                    tokenizer.tokenOrNull(target),
                    e.targetValue(),
                    e.totalRelevance());
        }
    }

    /**
     * A T5 (encoder-decoder) result: the encoder input (the source) and the decoder input (start token and prefix).
     *
     * @param targetToken the explained token as the tokenizer spells it; null past the tokenizer's vocabulary
     */
    public record Seq2Seq(
            String method,
            String[] sourceTokens,
            String[] sourceText,
            double[] sourceRelevance,
            String[] decoderTokens,
            String[] decoderText,
            double[] decoderRelevance,
            long targetId,
            String targetToken,
            double targetLogit,
            double totalRelevance) {

        public static Seq2Seq of(Seq2SeqExplanation e, HfTokenizer tokenizer, TokenScheme scheme) {
            long target = e.targetIds()[0];
            return new Seq2Seq(
                    e.method().cliName(),
                    e.sourceTokens(),
                    TokenCleaner.cleanOrPassThrough(e.sourceTokens(), scheme),
                    e.sourceRelevance(),
                    e.decoderTokens(),
                    TokenCleaner.cleanOrPassThrough(e.decoderTokens(), scheme),
                    e.decoderRelevance(),
                    target,
                    tokenizer.tokenOrNull(target),
                    e.targetValue(),
                    e.totalRelevance());
        }
    }

    /**
     * A text classifier's result for one sequence, or for one position of a token classifier.
     *
     * @param text the tokens cleaned by {@link TokenCleaner#cleanOrPassThrough}
     * @param label the predicted label
     * @param labels every class name, by index
     * @param probabilities the label distribution, by class index
     * @param targetIds the explained class (two for a contrast)
     * @param targetLabel the explained label ({@code A − B} for a contrast)
     * @param targetValue the explained value (logit, logit difference or probability)
     */
    public record Classifier(
            String method,
            String[] tokens,
            String[] text,
            long[] ids,
            double[] relevance,
            String label,
            String[] labels,
            double[] probabilities,
            long[] targetIds,
            String targetLabel,
            double targetValue,
            double totalRelevance) {

        public static Classifier of(ClassifierExplanation e, TokenScheme scheme) {
            long[] t = e.targetIds();
            String target = t.length == 2
                    ? e.labels().get((int) t[0]) + " \u2212 " + e.labels().get((int) t[1])
                    : e.labels().get((int) t[0]);
            return new Classifier(
                    e.method().cliName(),
                    e.tokens(),
                    TokenCleaner.cleanOrPassThrough(e.tokens(), scheme),
                    e.ids(),
                    e.relevance(),
                    e.predictedLabel(),
                    e.labels().toArray(String[]::new),
                    e.probabilities(),
                    t,
                    target,
                    e.targetValue(),
                    e.totalRelevance());
        }
    }
}
