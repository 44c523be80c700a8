package io.github.lxt4j.viz;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds an external command by name, as a shell does with {@code PATH}. Injectable for tests. */
@FunctionalInterface
public interface ExecutableLookup {
    /** The executable file for {@code command}, or empty if there is none. */
    Optional<Path> find(String command);

    /** Searches the directories of the {@code PATH} environment variable. */
    static ExecutableLookup systemPath() {
        String path = System.getenv("PATH");
        return fromPath(path == null ? "" : path);
    }

    /**
     * Searches the directories of a {@code PATH}-like list, separated by {@link File#pathSeparator}; an empty list
     * finds nothing. On Windows the extensions {@code .exe}, {@code .bat} and {@code .cmd} are also tried.
     */
    static ExecutableLookup fromPath(String pathList) {
        Objects.requireNonNull(pathList, "pathList");
        boolean windows = File.separatorChar == '\\';
        String[] suffixes = windows ? new String[] {"", ".exe", ".bat", ".cmd"} : new String[] {""};
        return command -> {
            for (String dir : pathList.split(Pattern.quote(File.pathSeparator))) {
                if (dir.isBlank()) {
                    continue;
                }
                for (String suffix : suffixes) {
                    try {
                        Path candidate = Path.of(dir, command + suffix);
                        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                            return Optional.of(candidate);
                        }
                    } catch (InvalidPathException e) {
                        break;
                    }
                }
            }
            return Optional.empty();
        };
    }
}
