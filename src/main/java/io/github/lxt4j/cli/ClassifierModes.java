package io.github.lxt4j.cli;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.explain.ImageClassifierExplanation;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.images.ImageFiles;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.viz.HtmlHeatmap;
import io.github.lxt4j.viz.HtmlMatrixHeatmap;
import io.github.lxt4j.viz.ImageHeatmap;
import io.github.lxt4j.viz.RelevanceMatrix;
import io.github.lxt4j.viz.TerminalHeatmap;
import io.github.lxt4j.viz.TerminalMatrixHeatmap;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code lxt4j explain} for classifiers: a text classifier's label distribution and the token heatmap of the explained
 * label ({@code --target LABEL}, {@code --contrast LABEL}; a token classifier: each token's label and one heatmap row
 * per token), and an image classifier's top-5 labels and its overlay PNG ({@code --image}).
 */
final class ClassifierModes {
    /** How many labels the distribution lists (a head with more shows its most probable ones). */
    static final int SHOWN_LABELS = 10;

    private final ExplainCommand cmd;
    private final PrintWriter out;

    ClassifierModes(ExplainCommand cmd, PrintWriter out) {
        this.cmd = cmd;
        this.out = out;
    }

    /** A text: {@code explain --model BERT_DIR "TEXT" [--target LABEL] [--contrast LABEL]}. */
    int text(ClassifierExplainer ex, Method m, Path dir) throws IOException {
        if (cmd.prompt == null || cmd.prompt.isBlank()) {
            throw new IllegalArgumentException("a text classifier needs a text: lxt4j explain --model DIR \"TEXT\"");
        }
        HfTokenizer tok = ex.tokenizer();
        if (tok == null) {
            throw new InvalidInputException("explaining a text needs the model's tokenizer.json, which " + dir
                    + " lacks; give one with --tokenizer FILE, or explain token ids with --inputs/--output");
        }
        long[] ids = tok.encode(cmd.prompt).ids();
        String tooLong = PromptLength.tooLong(cmd.prompt, ex.model().maxPositions());
        if (tooLong != null || ids.length > ex.model().maxPositions()) {
            throw new InvalidInputException(
                    tooLong != null
                            ? tooLong
                            : "the text has " + ids.length + " tokens; the model takes at most "
                                    + ex.model().maxPositions());
        }
        Target target = target(ex, ids);
        List<ClassifierExplanation> es = ex.explainIds(new long[][] {ids}, null, null, target, m, false);
        TokenScheme scheme = TokenScheme.of(tok.tokenizerFile());
        String[] shown = TokenCleaner.cleanOrPassThrough(es.get(0).tokens(), scheme);
        boolean token = ex.model().task() == TextClassifier.Task.TOKEN;
        out.printf(
                "model: %s   method: %s   %s classification, %d labels%n",
                dir,
                m.cliName(),
                token ? "token" : "sequence",
                ex.model().labels().size());
        return token ? tokens(es, shown, m) : sequence(es.get(0), shown, m);
    }

    private int sequence(ClassifierExplanation e, String[] shown, Method m) throws IOException {
        distribution(e.labels(), e.probabilities(), e.predicted());
        String explained = explained(e);
        out.printf(
                "explained: %s (%s %.4f)%n",
                explained,
                e.targetIds().length == 2
                        ? "logit difference"
                        : cmd.target == null && cmd.contrast == null ? "logit" : "value",
                e.targetValue());
        double[] relevance = cmd.scale.apply(shown, e.relevance());
        out.println(new TerminalHeatmap().colors(cmd.color.enabled()).render(shown, relevance));
        int top = e.mostRelevant();
        out.printf(
                "most relevant token: '%s' (position %d, relevance %.4f); total %.4f, position embeddings %.4f%s%n",
                e.tokens()[top],
                top,
                e.relevance()[top],
                e.totalRelevance(),
                sum(e.positionRelevance()),
                e.tokenTypeRelevance() == null ? "" : String.format(", token types %.4f", sum(e.tokenTypeRelevance())));
        TokenOutputs.announce(out, cmd.html);
        new HtmlHeatmap().title("lxt4j " + m.cliName() + ": " + explained).write(cmd.html, shown, relevance);
        out.println("wrote " + cmd.html.toAbsolutePath());
        cmd.writeExtras(out, shown, relevance);
        out.flush();
        return 0;
    }

    /** A token classifier: each token's label, then one heatmap row per token (its label's explanation). */
    private int tokens(List<ClassifierExplanation> es, String[] shown, Method m) throws IOException {
        String[] rowLabels = new String[es.size()];
        double[][] rows = new double[es.size()][];
        double[] probs = new double[es.size()];
        double[] entropies = new double[es.size()];
        for (int i = 0; i < es.size(); i++) {
            ClassifierExplanation e = es.get(i);
            int c = (int) e.targetIds()[0];
            out.printf(
                    "  %-16s %-12s %.4f%n",
                    shown[i].strip(), e.labels().get(e.predicted()), e.probabilities()[e.predicted()]);
            rowLabels[i] = shown[i].strip() + " → " + explained(e);
            rows[i] = cmd.scale.apply(shown, e.relevance());
            probs[i] = e.probabilities()[c];
            entropies[i] = entropy(e.probabilities());
        }
        RelevanceMatrix matrix = new RelevanceMatrix(shown, shown.length, rowLabels, rows, probs, entropies);
        out.println(new TerminalMatrixHeatmap().colors(cmd.color.enabled()).render(matrix));
        TokenOutputs.announce(out, cmd.html);
        new HtmlMatrixHeatmap().title("lxt4j " + m.cliName() + ": token labels").write(cmd.html, matrix);
        out.println("wrote " + cmd.html.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** {@code --target}/{@code --contrast} as a target over the classes. */
    private Target target(ClassifierExplainer ex, long[] ids) {
        if (cmd.target != null && cmd.target.length != 1) {
            throw new IllegalArgumentException("--target takes one label, got " + String.join(",", cmd.target));
        }
        Long a = cmd.target == null ? null : ex.label(cmd.target[0]);
        if (cmd.contrast == null) {
            return a == null ? Target.argmax() : Target.token(a);
        }
        long b = ex.label(cmd.contrast);
        if (a == null) {
            if (ex.model().task() == TextClassifier.Task.TOKEN) {
                throw new IllegalArgumentException("--contrast with a token classifier needs --target LABEL too");
            }
            double[] logits = ex.logits(new long[][] {ids}, null, null)[0];
            a = (long) argmax(logits);
        }
        return Target.contrastive(a, b);
    }

    /** An image: {@code explain --model VIT_DIR --image FILE}: the top-5 labels and the overlay PNG. */
    int image(ImageClassifierExplainer ex, Method m, Path dir) throws IOException {
        if (cmd.texts != null) {
            throw new IllegalArgumentException("--text is for CLIP; " + dir + " is an image classifier");
        }
        Target target = Target.argmax();
        if (cmd.target != null) {
            if (cmd.target.length != 1) {
                throw new IllegalArgumentException("--target takes one label, got " + String.join(",", cmd.target));
            }
            target = Target.token(ex.label(cmd.target[0]));
        }
        if (cmd.contrast != null) {
            Target first = target;
            long b = ex.label(cmd.contrast);
            long a = first instanceof Target.Token t ? t.id() : argmax(ex.logits(List.of(cmd.image))[0]);
            target = Target.contrastive(a, b);
        }
        BatchOptions opts = BatchOptions.defaults().withGammas(cmd.convGamma, cmd.linearGamma);
        ImageClassifierExplanation e =
                ex.explain(List.of(cmd.image), target, m, opts).get(0);
        out.printf(
                "model: %s   method: %s   image classification, %d labels%n",
                dir, m.cliName(), e.labels().size());
        int[] top = e.top(5);
        for (int i = 0; i < top.length; i++) {
            out.printf(
                    "  %d. %-24s %.4f%s%n",
                    i + 1,
                    e.labels().get(top[i]),
                    e.probabilities()[top[i]],
                    top[i] == e.predicted() ? "  <- predicted" : "");
        }
        out.printf(
                "explained: %s (%s %.4f); total relevance %.4f%n",
                labels(e.labels(), e.targetIds()),
                e.targetIds().length == 2 ? "logit difference" : "logit",
                e.targetValue(),
                e.totalRelevance());
        BufferedImage base = ImageFiles.read(cmd.image);
        Path png = cmd.png != null ? cmd.png : Path.of("heatmap.png");
        TokenOutputs.announce(out, png);
        double[] crop = ex.model().preprocessor().cropInOriginal(base.getWidth(), base.getHeight());
        ImageHeatmap.write(
                new ImageHeatmap()
                        .alpha(cmd.overlay.alpha)
                        .scaling(cmd.overlay.scaling())
                        .grayscaleBase(true)
                        .interpolation(ImageHeatmap.Interpolation.BILINEAR)
                        .overlayOnCrop(e.floatMap(), base, crop),
                png);
        out.println("wrote " + png.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** The label distribution, most probable first ({@value #SHOWN_LABELS} at most). */
    private void distribution(List<String> labels, double[] probabilities, int predicted) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(probabilities[y], probabilities[x]));
        int width = 5;
        for (String l : labels) {
            width = Math.max(width, Math.min(l.length(), 32));
        }
        for (int i = 0; i < Math.min(SHOWN_LABELS, order.length); i++) {
            int c = order[i];
            out.printf(
                    "  %-" + width + "s %.4f%s%n",
                    labels.get(c),
                    probabilities[c],
                    c == predicted ? "  <- predicted" : "");
        }
        if (order.length > SHOWN_LABELS) {
            out.printf("  (%d more labels)%n", order.length - SHOWN_LABELS);
        }
    }

    private static String explained(ClassifierExplanation e) {
        return labels(e.labels(), e.targetIds());
    }

    /** {@code A}, or {@code A − B} for a contrast. */
    static String labels(List<String> labels, long[] ids) {
        return ids.length == 2 ? labels.get((int) ids[0]) + " − " + labels.get((int) ids[1]) : labels.get((int) ids[0]);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double x : p) {
            h -= x > 0 ? x * Math.log(x) : 0;
        }
        return h;
    }
}
