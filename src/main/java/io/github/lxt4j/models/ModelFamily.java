package io.github.lxt4j.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.JsonConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the model registry ({@link AutoModel}): a family's name, the {@code model_type}s it loads (see
 * {@link PretrainedConfig#modelType()}), its loader and, for {@code bench}, how to build it on generated weights,
 * how to set its depth and its presets (real shapes from published configs).
 *
 * @param name the family, as {@link PretrainedModel#family()} reports it
 * @param modelTypes the config model types this family loads
 * @param capability what its models can do
 * @param loader builds the model from the already parsed config
 * @param validator parses a bare config as the family's models would, or null
 * @param generator builds the model from a config and any weights (bench's random ones), or null
 * @param depth sets every stack's depth in a config, or null
 * @param presets bench presets: name → config JSON in the form the family's loader reads
 */
public record ModelFamily(
        String name,
        Set<String> modelTypes,
        Capability capability,
        Loader loader,
        Validator validator,
        Generator generator,
        Depth depth,
        Map<String, String> presets) {

    /** Loads a checkpoint whose config has already been read. */
    @FunctionalInterface
    public interface Loader {
        PretrainedModel load(PretrainedConfig config, LoadOptions options);
    }

    /** Parses a bare config as the family's loader would, so that a bad one fails before anything is built. */
    @FunctionalInterface
    public interface Validator {
        void check(JsonConfig config);
    }

    /** Builds the model from a config and weights from anywhere (bench draws random ones). */
    @FunctionalInterface
    public interface Generator {
        PretrainedModel build(JsonConfig config, WeightSupplier weights, LoadOptions options);
    }

    /** Sets the depth of every stack of a config (the config was accepted by the family's parser). */
    @FunctionalInterface
    public interface Depth {
        void set(ObjectNode config, int layers);

        /** Depth in one top-level field, such as {@code num_hidden_layers}. */
        static Depth field(String name) {
            return (config, layers) -> config.put(name, layers);
        }
    }

    public ModelFamily {
        Objects.requireNonNull(name, "name");
        modelTypes = Set.copyOf(modelTypes);
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(loader, "loader");
        presets = Map.copyOf(presets);
    }

    /** A family that loads checkpoints only (no bench support yet). */
    public static ModelFamily of(String name, Set<String> modelTypes, Capability capability, Loader loader) {
        return new ModelFamily(name, modelTypes, capability, loader, null, null, null, Map.of());
    }

    /** This family with bench support: its config parser, generator, depth field and presets. */
    public ModelFamily withBench(
            Validator validator, Generator generator, String depthField, Map<String, String> presets) {
        return withBench(validator, generator, Depth.field(depthField), presets);
    }

    /** This family with bench support: its config parser, generator, how to set its depth, and presets. */
    public ModelFamily withBench(Validator validator, Generator generator, Depth depth, Map<String, String> presets) {
        return new ModelFamily(
                name,
                modelTypes,
                capability,
                loader,
                Objects.requireNonNull(validator, "validator"),
                Objects.requireNonNull(generator, "generator"),
                Objects.requireNonNull(depth, "depth"),
                presets);
    }

    /**
     * Parses {@code config} as this family's models would.
     *
     * @throws UnsupportedModelException if the family cannot be built from a config alone
     */
    public void validate(JsonConfig config) {
        requireGenerator(config);
        validator.check(config);
    }

    public boolean accepts(String modelType) {
        return modelTypes.contains(modelType);
    }

    /**
     * Builds the model from {@code config} and {@code weights}.
     *
     * @throws UnsupportedModelException if the family has no generator
     */
    public PretrainedModel generate(JsonConfig config, WeightSupplier weights, LoadOptions options) {
        requireGenerator(config);
        return generator.build(config, weights, options);
    }

    private void requireGenerator(JsonConfig config) {
        if (generator == null) {
            throw new UnsupportedModelException(
                    "the " + name + " family cannot be built from a config alone (" + config.source() + ")");
        }
    }
}
