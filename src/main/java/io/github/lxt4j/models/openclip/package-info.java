/**
 * CLIP from OpenCLIP and HF folders in one model ({@link ClipModel}) whose sites carry OpenCLIP's names: the ViT image
 * tower ({@link VisionTower}), the causal text tower ({@link TextTower}), their blocks and the similarity matmul; both
 * weight layouts and the bench presets (docs/models-openclip.md).
 */
package io.github.lxt4j.models.openclip;
