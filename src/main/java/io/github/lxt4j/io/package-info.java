/**
 * Reading and writing checkpoints and their companions: safetensors files (memory-mapped, single or sharded), HF
 * config JSON, the local HF hub cache, and HF tokenizers. Every malformed input raises a typed {@code
 * Lxt4jException} subclass whose message names the file, the key or field, and what was expected.
 */
package io.github.lxt4j.io;
