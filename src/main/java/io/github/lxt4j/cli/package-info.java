/**
 * The {@code lxt4j} command line (picocli, an optional dependency): {@code explain} (one prompt, a batch file, or JSON
 * Lines), {@code generate}, {@code show}, {@code eval}, {@code bench}, {@code quantize}, {@code info} and {@code
 * spark-explain}. It reads arguments and files, picks a mode per capability ({@link ModeDispatch}) and writes results;
 * the work is done by the packages below it (docs/cli.md).
 */
package io.github.lxt4j.cli;
