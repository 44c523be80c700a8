/**
 * ViT image classifiers ({@link ViTForImageClassification}): patch embeddings with the class token and learned
 * positions ({@link ViTEmbeddings}), pre-LN layers, the final LayerNorm and the classifier on the class token; config
 * and bench presets (docs/models-classifiers.md).
 */
package io.github.lxt4j.models.vit;
