package io.github.lxt4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The {@code lxt4j.blas} setting. */
class BlasChoiceTest {

    @Test
    void namesParseCaseInsensitively() {
        assertEquals(BlasChoice.AUTO, BlasChoice.parse("auto", "--blas"));
        assertEquals(BlasChoice.TORCH, BlasChoice.parse(" Torch ", "--blas"));
        assertEquals(BlasChoice.TORCH, BlasChoice.parse("mkl", "--blas"));
        assertEquals(BlasChoice.OPENBLAS, BlasChoice.parse("OPENBLAS", "--blas"));
    }

    @Test
    void anUnknownNameSaysWhereItCameFromAndWhatIsExpected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BlasChoice.parse("atlas", "LXT4J_BLAS"));
        assertEquals("LXT4J_BLAS 'atlas' is not a BLAS choice: expected auto, torch or openblas", e.getMessage());
    }

    @Test
    void theSystemPropertyIsReadWhenTheSettingIsFirstUsed() {
        String previous = System.getProperty("lxt4j.blas");
        BlasChoice before = Blas.choice();
        try {
            System.setProperty("lxt4j.blas", "torch");
            Blas.reloadChoice();
            assertEquals(BlasChoice.TORCH, Blas.choice());
            System.setProperty("lxt4j.blas", "nonsense");
            Blas.reloadChoice();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Blas::choice);
            assertTrue(e.getMessage().startsWith("-Dlxt4j.blas 'nonsense'"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("lxt4j.blas");
            } else {
                System.setProperty("lxt4j.blas", previous);
            }
            Blas.reloadChoice();
            Blas.choose(before);
        }
    }

    @Test
    void openBlasIsThereOnTheTestClasspath() {
        assertTrue(Blas.openBlasAvailable());
        assertTrue(Blas.openBlasVersion().startsWith("0.3."), Blas.openBlasVersion());
    }
}
