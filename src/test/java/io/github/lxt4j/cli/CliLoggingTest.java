package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CliLoggingTest {
    private static final String P = "org.slf4j.simpleLogger.";

    @Test
    void verboseIsAnOptionAnywhereBeforeTheEndOfOptions() {
        assertTrue(CliLogging.verbose(new String[] {"--verbose", "explain"}));
        assertTrue(CliLogging.verbose(new String[] {"explain", "x", "--verbose"}));
        assertFalse(CliLogging.verbose(new String[] {"explain", "--", "--verbose"}));
        assertFalse(CliLogging.verbose(new String[] {"explain", "--verbosity"}));
    }

    @Test
    void quietSilencesTheChattyLibrariesButNotLxt4j() {
        Map<String, String> quiet = CliLogging.levels(false);
        assertEquals("warn", quiet.get(P + "defaultLogLevel"));
        assertEquals("info", quiet.get(P + "log.io.github.lxt4j"));
        for (String chatty : new String[] {"ai.djl", "org.nd4j", "org.apache.pdfbox"}) {
            assertEquals("error", quiet.get(P + "log." + chatty), chatty);
        }
        Map<String, String> verbose = CliLogging.levels(true);
        assertEquals("info", verbose.get(P + "defaultLogLevel"));
        assertEquals("debug", verbose.get(P + "log.io.github.lxt4j"));
        assertFalse(verbose.containsKey(P + "log.ai.djl"));
    }

    @Test
    void picocliAcceptsVerboseBeforeAndAfterTheSubcommand() {
        Main.commandLine().parseArgs("--verbose", "info");
        Main.commandLine().parseArgs("info", "--verbose");
    }
}
