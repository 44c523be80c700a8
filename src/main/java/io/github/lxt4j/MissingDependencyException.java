package io.github.lxt4j;

import java.util.List;

/** A feature was used whose optional dependency is not on the classpath; the message names the artifacts to add. */
public final class MissingDependencyException extends Lxt4jException {
    private final List<String> artifacts;

    public MissingDependencyException(String message, List<String> artifacts, Throwable cause) {
        super(message, cause);
        this.artifacts = List.copyOf(artifacts);
    }

    /** Maven coordinates {@code groupId:artifactId:version[:classifier]} of the artifacts to add. */
    public List<String> artifacts() {
        return artifacts;
    }
}
