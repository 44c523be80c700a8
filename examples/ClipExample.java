import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.ClipExplanation;
import io.github.lxt4j.explain.GammaGridSearch;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.ImageFiles;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.ClipHeatmaps;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Explains a CLIP image-text similarity with CP-LRP and zennit's Gamma rule, writes a heatmap overlay and a gamma
 * grid.
 *
 * <pre>
 * ./lxt4j info    # builds target/lxt4j-cli.jar and target/classpath.txt once
 * java -cp "examples:target/lxt4j-cli.jar:$(cat target/classpath.txt)" \
 *     examples/ClipExample.java \
 *     [MODEL_DIR [IMAGE "text 1" "text 2" ...]]
 * </pre>
 * MODEL_DIR is an OpenCLIP folder (open_clip_config.json + open_clip_model.safetensors) or an HF CLIPModel folder;
 * texts need a tokenizer.json in it (HF folders have one). Without IMAGE, the example runs on the
 * openclip-tiny fixture's own inputs (a normalised 32x32 image and three token rows) and explains similarity[0, 1].
 */
public final class ClipExample {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/openclip-tiny");
        try (ClipExplainer explainer = new ClipExplainer(ClipModel.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
                TensorScope scope = TensorScope.open()) {
            ClipModel clip = explainer.model();
            System.out.println(clip);
            Tensor pixels;
            Tensor ids;
            BufferedImage base = null;
            long[] target = null; // null: image 0 and the text it is most similar to
            if (args.length > 1) {
                Path image = Path.of(args[1]);
                pixels = clip.preprocess(image);
                base = clip.preprocessor()
                        .resizeAndCrop(ImageFiles.readRgb(image))
                        .toBufferedImage();
                ids = tokenize(clip, dir, Arrays.copyOfRange(args, 2, args.length));
            } else {
                try (SafetensorsFile ref = SafetensorsFile.open(dir.resolve("reference.safetensors"))) {
                    pixels = clip.pixels(ref.read("image"));
                    TensorData text = ref.read("text");
                    ids = clip.backend().fromLongs(text.toLongs(), text.shape());
                }
                target = new long[] {0, 1};
            }

            BatchOptions options = BatchOptions.defaults().withTarget(target).withGammas(0.25, 0.05);
            ClipExplanation e = explainer.explain(pixels, ids, Method.CP_LRP_GAMMA, options);
            System.out.printf("similarity[%d, %d] = %.4f%n", e.imageRow(), e.textRow(), e.target());
            System.out.printf("relevance: image %.4f, text %.4f%n", e.imageRelevanceSum(), e.textRelevanceSum());
            System.out.println("token relevance: " + Arrays.toString(e.tokenRelevance(e.textRow())));

            BufferedImage heat = base != null
                    ? ClipHeatmaps.overlay(e, e.imageRow(), base, 0.6)
                    : ClipHeatmaps.heatmap(e, e.imageRow(), 224);
            ClipHeatmaps.write(heat, Path.of("clip-heatmap.png"));

            GammaGridSearch.Result grid = GammaGridSearch.search(
                    explainer, pixels, ids, target, new double[] {0.0, 0.25, 1.0}, new double[] {0.0, 0.05, 0.3});
            ClipHeatmaps.write(ClipHeatmaps.gammaGrid(grid, 160, base), Path.of("clip-gamma-grid.png"));
            System.out.println("wrote clip-heatmap.png and clip-gamma-grid.png");
        }
    }

    /** Tokenizes texts with the folder's tokenizer.json, padding each row with 0 to the longest one. */
    static Tensor tokenize(ClipModel clip, Path dir, String[] texts) {
        if (texts.length == 0) {
            throw new IllegalArgumentException("give at least one text after the image");
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new IllegalArgumentException(dir + " has no tokenizer.json to turn texts into ids");
        }
        try (HfTokenizer tok = HfTokenizer.open(dir)) {
            long[][] rows = new long[texts.length][];
            int len = 0;
            for (int i = 0; i < texts.length; i++) {
                rows[i] = tok.encode(texts[i]).ids();
                len = Math.max(len, rows[i].length);
            }
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOf(rows[i], len);
            }
            return clip.ids(rows);
        }
    }
}
