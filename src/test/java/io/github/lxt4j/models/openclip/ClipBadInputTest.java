package io.github.lxt4j.models.openclip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.ImageReadException;
import io.github.lxt4j.models.DualEncoderInputException;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.ClipFixture;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed exceptions for bad input: not an image, wrong channel count, text too long, missing weights, bad target. */
class ClipBadInputTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.testing.ClipFixture#backends")
    void badInputsRaiseTypedExceptions(Supplier<Backend> backend) throws IOException {
        Map<String, TensorData> ref = Fixtures.reference(ClipFixture.FIXTURE);
        Backend b = backend.get();
        try (ClipModel clip = ClipModel.fromPretrained(Fixtures.dir(ClipFixture.FIXTURE), b, DType.FLOAT32);
                TensorScope scope = TensorScope.open()) {
            // a file that is not an image
            Path notImage = tmp.resolve("notes.png");
            Files.writeString(notImage, "this is text, not a PNG");
            ImageReadException ie = assertThrows(ImageReadException.class, () -> clip.preprocess(notImage));
            assertEquals(notImage, ie.file());
            assertTrue(ie.getMessage().contains(notImage.toString()), ie.getMessage());
            Path missing = tmp.resolve("missing.jpg");
            assertTrue(assertThrows(ImageReadException.class, () -> clip.preprocess(missing))
                    .getMessage()
                    .contains("missing.jpg"));

            // a tensor input with 4 channels (RGBA) or 1 channel
            for (long channels : new long[] {4, 1}) {
                TensorData wrong = TensorData.ofFloats(new float[(int) (channels * 32 * 32)], 1, channels, 32, 32);
                DualEncoderInputException ce = assertThrows(
                        DualEncoderInputException.class,
                        () -> new ClipExplainer(clip)
                                .explainBatch(
                                        Map.of("image", wrong, "text", ref.get("text")),
                                        Method.CP_LRP,
                                        BatchOptions.defaults()));
                assertTrue(ce.getMessage().contains(channels + " channels"), ce.getMessage());
                assertThrows(DualEncoderInputException.class, () -> clip.pixels(wrong));
            }
            TensorData wrongSize = TensorData.ofFloats(new float[3 * 24 * 24], 1, 3, 24, 24);
            assertTrue(assertThrows(DualEncoderInputException.class, () -> clip.pixels(wrongSize))
                    .getMessage()
                    .contains("image_size is 32"));

            // text longer than the context length (16)
            long[][] tooLong = new long[1][17];
            tooLong[0][16] = 319;
            SequenceTooLongException se = assertThrows(SequenceTooLongException.class, () -> clip.ids(tooLong));
            assertTrue(
                    se.getMessage().contains("17") && se.getMessage().contains("context_length = 16"), se.getMessage());
            TensorData longText = TensorData.ofLongs(new long[17], 1, 17);
            assertThrows(
                    SequenceTooLongException.class,
                    () -> new ClipExplainer(clip)
                            .explainBatch(
                                    Map.of("image", ref.get("image"), "text", longText),
                                    Method.CP_LRP,
                                    BatchOptions.defaults()));

            // a target outside the similarity matrix [1, 3]
            assertThrows(
                    DualEncoderInputException.class,
                    () -> new ClipExplainer(clip)
                            .explainBatch(
                                    ClipFixture.inputs(ref),
                                    Method.CP_LRP,
                                    BatchOptions.defaults().withTarget(new long[] {0, 3})));
        }

        // a missing tower weight, in either layout
        MissingWeightException open = assertThrows(
                MissingWeightException.class,
                () -> ClipModel.fromPretrained(
                        ClipFolders.writeOpenClip(tmp.resolve("open"), Set.of("visual.ln_post.weight")),
                        b,
                        DType.FLOAT32));
        assertEquals("visual.ln_post.weight", open.key());
        assertTrue(open.getMessage().contains("vision tower"), open.getMessage());
        MissingWeightException hf = assertThrows(
                MissingWeightException.class,
                () -> ClipModel.fromPretrained(
                        ClipFolders.writeHf(tmp.resolve("hf"), 2, Set.of("text_model.encoder.layers.1.mlp.fc2.bias")),
                        b,
                        DType.FLOAT32));
        assertEquals("text_model.encoder.layers.1.mlp.fc2.bias", hf.key());
        assertTrue(hf.getMessage().contains("text tower"), hf.getMessage());
    }
}
