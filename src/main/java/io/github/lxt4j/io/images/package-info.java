/**
 * Images for the vision towers: reading image files ({@link ImageFiles}) into {@link RgbImage}s, and CLIP's
 * preprocessing as OpenCLIP and HF do it ({@link ImagePreprocessor}: Pillow's bicubic resize, center crop, per-channel
 * normalisation), with typed errors for unreadable files ({@link ImageReadException}).
 */
package io.github.lxt4j.io.images;
