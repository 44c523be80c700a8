package io.github.lxt4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Version properties read from the project's pom.xml, to check the versions that lxt4j names in its messages. */
public final class PomVersions {
    private PomVersions() {}

    public static String property(String name) {
        try {
            String pom = Files.readString(Path.of("pom.xml"));
            Matcher m =
                    Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException("pom.xml has no property " + name);
            }
            return m.group(1).trim();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read pom.xml from " + Path.of("").toAbsolutePath(), e);
        }
    }
}
