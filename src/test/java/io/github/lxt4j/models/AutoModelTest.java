package io.github.lxt4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.models.bert.BertClassifier;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.mixtral.MixtralForCausalLM;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.models.vit.ViTForImageClassification;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry loads every fixture family as the family's own loader does, and dispatches through the visitor. */
class AutoModelTest {
    static final LoadOptions OPTIONS = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    /** Fixture, expected family, expected visit, config file, and the family's own loader. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("llama-tiny", "llama", "causal-lm", "config.json", (BiFunction<
                                Path, LoadOptions, PretrainedModel>)
                        LlamaForCausalLM::fromPretrained),
                Arguments.of("kv-retrieval", "llama", "causal-lm", "config.json", (BiFunction<
                                Path, LoadOptions, PretrainedModel>)
                        LlamaForCausalLM::fromPretrained),
                Arguments.of("mixtral-tiny", "mixtral", "causal-lm", "config.json", (BiFunction<
                                Path, LoadOptions, PretrainedModel>)
                        MixtralForCausalLM::fromPretrained),
                Arguments.of(
                        "t5-gated", "t5", "seq2seq", "config.json", (BiFunction<Path, LoadOptions, PretrainedModel>)
                                T5ForConditionalGeneration::fromPretrained),
                Arguments.of("openclip-tiny", "clip", "clip", "open_clip_config.json", (BiFunction<
                                Path, LoadOptions, PretrainedModel>)
                        ClipModel::fromPretrained),
                Arguments.of("bert-tiny-cls", "bert", "text-classifier", "config.json", (BiFunction<
                                Path, LoadOptions, PretrainedModel>)
                        BertClassifier::fromPretrained),
                Arguments.of("vit-tiny-cls", "vit", "image-classifier", "config.json", (BiFunction<
                                Path, LoadOptions, PretrainedModel>)
                        ViTForImageClassification::fromPretrained));
    }

    /** Names the visit method that ran. */
    static final ModelVisitor<String> KIND = new ModelVisitor<>() {
        @Override
        public String visitCausalLm(io.github.lxt4j.models.CausalLm model) {
            return "causal-lm";
        }

        @Override
        public String visitSeq2Seq(Seq2SeqLm model) {
            return "seq2seq";
        }

        @Override
        public String visitDualEncoder(DualEncoder model) {
            return "clip";
        }

        @Override
        public String visitTextClassifier(TextClassifier model) {
            return "text-classifier";
        }

        @Override
        public String visitImageClassifier(ImageClassifier model) {
            return "image-classifier";
        }
    };

    @ParameterizedTest
    @MethodSource("fixtures")
    void loadsEachFamilyWithTheSameOutputAsItsOwnLoader(
            String fixture,
            String family,
            String kind,
            String file,
            BiFunction<Path, LoadOptions, PretrainedModel> own) {
        Path dir = Fixtures.dir(fixture);
        FixtureForward forward = new FixtureForward(fixture);
        double[] expected;
        try (PretrainedModel m = own.apply(dir, OPTIONS)) {
            expected = m.accept(forward);
        }
        try (PretrainedModel m = AutoModel.fromPretrained(dir, OPTIONS)) {
            assertEquals(family, m.family());
            assertEquals(kind, m.accept(KIND));
            assertEquals(DType.FLOAT32, m.dtype());
            assertEquals("djl", m.backend().name());
            assertEquals(dir.resolve(file).toString(), m.configSource());
            assertArrayEquals(expected, m.accept(forward), fixture + ": AutoModel's forward differs from its own");
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void loadersUseTheConfigReadOnceAndNeverReadItAgain(
            String fixture,
            String family,
            String kind,
            String file,
            BiFunction<Path, LoadOptions, PretrainedModel> own,
            @TempDir Path tmp)
            throws IOException {
        Path copy = tmp.resolve(fixture);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(Fixtures.dir(fixture))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        PretrainedConfig config = PretrainedConfig.read(copy);
        assertEquals(file, config.fileName());
        Files.delete(copy.resolve(file));
        FixtureForward forward = new FixtureForward(fixture);
        double[] expected;
        try (PretrainedModel m = own.apply(Fixtures.dir(fixture), OPTIONS)) {
            expected = m.accept(forward);
        }
        try (PretrainedModel m = AutoModel.fromConfig(config, OPTIONS)) {
            assertEquals(family, AutoModel.family(config).name());
            assertArrayEquals(expected, m.accept(forward));
        }
        assertThrows(
                RuntimeException.class,
                () -> AutoModel.fromPretrained(copy, OPTIONS),
                "without its config file the folder cannot be loaded: the test above did not read it");
    }

    @Test
    void loadsAFolderNamedByAString() {
        try (PretrainedModel m = AutoModel.fromPretrained("src/test/resources/fixtures/t5-gated", OPTIONS)) {
            assertEquals("t5", m.family());
        }
    }

    @Test
    void unknownModelTypeListsTheSupportedOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"wav2vec2\", \"hidden_size\": 8}");
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> AutoModel.fromPretrained(dir, OPTIONS));
        String m = e.getMessage();
        assertTrue(
                m.contains("'wav2vec2'")
                        && m.contains(dir.resolve("config.json").toString()),
                m);
        for (String type : new String[] {
            "llama",
            "mistral",
            "qwen2",
            "mixtral",
            "t5",
            "mt5",
            "clip",
            "open_clip",
            "bert",
            "roberta",
            "xlm-roberta",
            "distilbert",
            "vit"
        }) {
            assertTrue(m.contains(type), type + " missing from: " + m);
        }
    }

    @Test
    void aFolderWithoutConfigSaysWhatWasExpected(@TempDir Path dir) {
        io.github.lxt4j.io.ConfigException e =
                assertThrows(io.github.lxt4j.io.ConfigException.class, () -> AutoModel.fromPretrained(dir, OPTIONS));
        assertTrue(
                e.getMessage().contains("config.json not found in " + dir)
                        && e.getMessage().contains("open_clip_config.json"),
                e.getMessage());
        ModelLoadException missing =
                assertThrows(ModelLoadException.class, () -> AutoModel.fromPretrained(dir.resolve("absent"), OPTIONS));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
    }

    @Test
    void familiesCoverDistinctTypes() {
        long distinct = AutoModel.families().stream()
                .flatMap(f -> f.modelTypes().stream())
                .distinct()
                .count();
        long total = AutoModel.families().stream()
                .mapToLong(f -> f.modelTypes().size())
                .sum();
        assertEquals(total, distinct, "a model_type accepted by two families would make dispatch order-dependent");
    }

    @Test
    void loadOptionsDefaultsAndWithers() {
        LoadOptions d = LoadOptions.defaults();
        assertEquals(DType.FLOAT32, d.dtype());
        assertEquals(DType.FLOAT64, d.withDType(DType.FLOAT64).dtype());
        assertEquals(
                DType.FLOAT32,
                d.withDType(DType.FLOAT64).withDType(DType.FLOAT32).dtype());
        assertEquals(
                LoadOptions.of(Backends.djl(), DType.FLOAT64),
                d.withBackend(Backends.djl()).withDType(DType.FLOAT64));
        assertEquals("djl", OPTIONS.backend().name());
    }
}
