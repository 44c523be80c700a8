package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StepScoresTest {

    @Test
    void softmaxEntropyAndArgmaxByHand() {
        assertArrayEquals(new double[] {0.25, 0.75}, StepScores.softmax(new double[] {0, Math.log(3)}), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, StepScores.softmax(new double[] {1000, 1000}), 1e-15);
        assertEquals(Math.log(4), StepScores.entropy(new double[] {0.25, 0.25, 0.25, 0.25}), 1e-15);
        assertEquals(0, StepScores.entropy(new double[] {0, 1, 0}), 0);
        double h = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        assertEquals(h, StepScores.entropy(new double[] {0.25, 0.75}), 1e-15);
        assertEquals(1, StepScores.argmax(new double[] {0, 3, 3, -1}));
    }
}
