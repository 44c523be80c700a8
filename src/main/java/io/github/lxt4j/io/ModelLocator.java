package io.github.lxt4j.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a model argument into a checkpoint folder: an existing folder (relative to the working directory or
 * absolute), else a hub id ({@code org/name} or {@code name}, optionally {@code @revision}) found in the local Hugging
 * Face cache. Every cache root the environment names is searched ({@link HfHubCache#candidateRoots}), first match
 * wins. Nothing is downloaded.
 */
public final class ModelLocator {
    private static final Pattern BARE_NAME =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9][A-Za-z0-9._/-]*)?");

    private final Function<String, String> env;
    private final Path userHome;
    private final Path workingDir;

    /**
     * @param env the environment variables ({@code HF_HUB_CACHE}, {@code HF_HOME}, ...)
     * @param workingDir what relative folders are resolved against
     */
    public ModelLocator(Function<String, String> env, Path userHome, Path workingDir) {
        this.env = Objects.requireNonNull(env, "env");
        this.userHome = Objects.requireNonNull(userHome, "userHome");
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
    }

    /** This process's environment, home and working directory. */
    public static ModelLocator fromEnvironment() {
        return new ModelLocator(System::getenv, Path.of(System.getProperty("user.home")), Path.of(""));
    }

    /** Whether {@code s} could name a hub repository: {@code org/name} or a bare {@code name}, with {@code @rev}. */
    public static boolean looksLikeHubId(String s) {
        return HfHubCache.looksLikeHubId(s)
                || (s != null && BARE_NAME.matcher(s).matches());
    }

    /**
     * The folder {@code dirOrHubId} names.
     *
     * @throws ModelNotFoundException naming the folder that does not exist, the cache folders searched and how to
     *     download the model
     * @throws HubCacheException if the repository is cached but the requested revision is not
     */
    public Path locate(String dirOrHubId) {
        if (dirOrHubId == null || dirOrHubId.isBlank()) {
            throw new ModelNotFoundException("no model given: expected a model folder or a hub id such as org/name");
        }
        Path local = workingDir.resolve(dirOrHubId);
        if (Files.isDirectory(local)) {
            return local;
        }
        if (Files.exists(local)) {
            throw new ModelNotFoundException("model '" + dirOrHubId + "' is a file (" + local.toAbsolutePath()
                    + "): expected the folder that holds the config and the weights");
        }
        String noFolder = "no folder '" + dirOrHubId + "' exists"
                + (Path.of(dirOrHubId).isAbsolute()
                        ? ""
                        : " relative to the working directory "
                                + workingDir.toAbsolutePath().normalize());
        if (!looksLikeHubId(dirOrHubId)) {
            throw new ModelNotFoundException(
                    "model '" + dirOrHubId + "' not found: " + noFolder + ", and it is not a hub id (org/name)");
        }
        List<HfHubCache.CandidateRoot> roots = HfHubCache.candidateRoots(env, userHome);
        for (HfHubCache.CandidateRoot root : roots) {
            HfHubCache cache = new HfHubCache(root.path());
            if (cache.containsRepo(dirOrHubId)) {
                return cache.resolve(dirOrHubId);
            }
        }
        throw new ModelNotFoundException(notFound(dirOrHubId, noFolder, roots));
    }

    private String notFound(String hubId, String noFolder, List<HfHubCache.CandidateRoot> roots) {
        int at = hubId.indexOf('@');
        String repoId = at < 0 ? hubId : hubId.substring(0, at);
        StringBuilder m = new StringBuilder("model '")
                .append(hubId)
                .append("' not found:\n  - ")
                .append(noFolder)
                .append(";\n  - it is not in the local Hugging Face hub cache; searched:");
        for (HfHubCache.CandidateRoot root : roots) {
            m.append("\n      ")
                    .append(new HfHubCache(root.path()).repoFolder(repoId))
                    .append(" (")
                    .append(root.origin())
                    .append(')');
        }
        List<String> unset = new ArrayList<>();
        for (String var : new String[] {"HF_HUB_CACHE", "HF_HOME"}) {
            String v = env.apply(var);
            if (v == null || v.isBlank()) {
                unset.add(var);
            }
        }
        if (!unset.isEmpty()) {
            m.append("\n    (")
                    .append(String.join(" and ", unset))
                    .append(unset.size() == 1 ? " is" : " are")
                    .append(" not set)");
        }
        String revision = at < 0 ? "" : " --revision " + hubId.substring(at + 1);
        return m.append("\nlxt4j never downloads. Download it first with `huggingface-cli download ")
                .append(repoId)
                .append(revision)
                .append("` or `hf download ")
                .append(repoId)
                .append(revision)
                .append("` (pip install huggingface_hub), or pass the path of a local checkpoint folder.")
                .toString();
    }
}
