package io.github.lxt4j.models;

import java.util.Objects;
import java.util.Set;

/**
 * One entry of the model registry: a family's name, the {@code model_type}s it loads (see
 * {@link PretrainedConfig#modelType()}), and its loader.
 *
 * @param name the family, as {@link PretrainedModel#family()} reports it
 * @param modelTypes the config model types this family loads
 * @param loader builds the model from the already parsed config
 */
public record ModelFamily(String name, Set<String> modelTypes, Loader loader) {

    /** Loads a checkpoint whose config has already been read. */
    @FunctionalInterface
    public interface Loader {
        PretrainedModel load(PretrainedConfig config, LoadOptions options);
    }

    public ModelFamily {
        Objects.requireNonNull(name, "name");
        modelTypes = Set.copyOf(modelTypes);
        Objects.requireNonNull(loader, "loader");
    }

    public boolean accepts(String modelType) {
        return modelTypes.contains(modelType);
    }
}
