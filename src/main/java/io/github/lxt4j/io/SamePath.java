package io.github.lxt4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether two paths name the same file under any spelling: relative or absolute, with {@code .} and {@code ..},
 * through symbolic links (of the file or of a folder on the way) or as two hard links of one file (the same file
 * key). A path that does not exist yet is compared by its nearest existing folder, resolved, plus the rest.
 */
public final class SamePath {
    private SamePath() {}

    /** Whether {@code a} and {@code b} are the same file or folder. */
    public static boolean same(Path a, Path b) {
        if (canonical(a).equals(canonical(b))) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code inner} is {@code folder} or lies somewhere under it. */
    public static boolean within(Path inner, Path folder) {
        return same(inner, folder) || canonical(inner).startsWith(canonical(folder));
    }

    /** The path with every link and relative step resolved, as far as it exists. */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath();
        try {
            return abs.toRealPath();
        } catch (IOException notThere) {
            Path parent = abs.getParent();
            if (parent == null) {
                return abs.normalize();
            }
            Path folder = canonical(parent);
            String name = abs.getFileName().toString();
            return name.equals(".") ? folder : name.equals("..") ? parentOf(folder) : folder.resolve(name);
        }
    }

    private static Path parentOf(Path folder) {
        return folder.getParent() == null ? folder : folder.getParent();
    }
}
