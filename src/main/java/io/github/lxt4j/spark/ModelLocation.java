package io.github.lxt4j.spark;

import io.github.lxt4j.models.ModelLoadException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Where each executor finds the model folder: a path that every executor can read (a local path in local mode, a
 * shared file system on a cluster), or a folder that the job ships to every executor.
 */
public sealed interface ModelLocation extends Serializable {

    /** A folder at {@code path} on every executor's file system. */
    static ModelLocation path(String path) {
        return new AtPath(path);
    }

    /**
     * A folder shipped with the job under {@code name}: {@code spark-submit --archives model.tgz#NAME}, or
     * {@code SparkContext.addFile(folder, true)}. Executors find it with {@link SparkFiles#get(String)}, else in their
     * working directory (where YARN and Kubernetes unpack archives).
     */
    static ModelLocation shipped(String name) {
        return new Shipped(name);
    }

    /** Ships the driver's local {@code folder} to every executor ({@code addFile(folder, recursive)}). */
    static ModelLocation ship(SparkSession spark, Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new ModelLoadException("cannot ship the model folder " + abs + ": it is not a directory");
        }
        spark.sparkContext().addFile(abs.toString(), true);
        return new Shipped(abs.getFileName().toString());
    }

    /** The folder, resolved where this runs (on an executor). */
    Path resolve();

    record AtPath(String path) implements ModelLocation {
        @Override
        public Path resolve() {
            return Path.of(path);
        }
    }

    record Shipped(String name) implements ModelLocation {
        @Override
        public Path resolve() {
            Path files = Path.of(SparkFiles.get(name));
            if (Files.isDirectory(files)) {
                return files;
            }
            Path workDir = Path.of(name).toAbsolutePath();
            if (Files.isDirectory(workDir)) {
                return workDir;
            }
            throw new ModelLoadException("the shipped model '" + name + "' is on this executor neither at " + files
                    + " (SparkFiles) nor at " + workDir + " (working directory); ship it with spark-submit --archives"
                    + " model.tgz#" + name + " or ModelLocation.ship(spark, folder)");
        }
    }
}
