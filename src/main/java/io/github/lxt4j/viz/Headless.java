package io.github.lxt4j.viz;

/** Makes Java2D usable on servers: headless mode unless the application chose otherwise. */
final class Headless {
    private Headless() {}

    /** Sets {@code java.awt.headless=true} if the property is unset. Call before the first AWT use. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
