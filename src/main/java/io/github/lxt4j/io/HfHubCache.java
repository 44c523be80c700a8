package io.github.lxt4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local Hugging Face hub cache: resolves a hub id such as {@code org/name} or {@code org/name@revision} to its
 * snapshot folder ({@code ROOT/models--org--name/snapshots/COMMIT}). Nothing is downloaded.
 */
public final class HfHubCache {
    private static final Pattern HUB_ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9][A-Za-z0-9._/-]*)?");

    private final Path root;

    /** A cache rooted at {@code root}, the folder that holds the {@code models--*} folders. */
    public HfHubCache(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The cache that huggingface_hub itself would use in this process's environment. */
    public static HfHubCache fromEnvironment() {
        return new HfHubCache(defaultRoot(System::getenv, Path.of(System.getProperty("user.home"))));
    }

    /**
     * The cache root, first match wins: {@code HF_HUB_CACHE}, {@code HUGGINGFACE_HUB_CACHE} (its older name),
     * {@code HF_HOME/hub}, {@code XDG_CACHE_HOME/huggingface/hub}, {@code HOME/.cache/huggingface/hub}. Empty
     * variables count as unset.
     */
    public static Path defaultRoot(Function<String, String> env, Path userHome) {
        return candidateRoots(env, userHome).get(0).path();
    }

    /** A possible cache root and the setting it comes from ({@code HF_HUB_CACHE}, {@code HF_HOME/hub}, ...). */
    public record CandidateRoot(Path path, String origin) {}

    /**
     * Every cache root the environment names, in the order of {@link #defaultRoot(Function, Path)} (the first is the
     * one huggingface_hub uses), without repeats; the last is always {@code HOME/.cache/huggingface/hub} (or
     * {@code XDG_CACHE_HOME/huggingface/hub} when that is set).
     */
    public static List<CandidateRoot> candidateRoots(Function<String, String> env, Path userHome) {
        List<CandidateRoot> out = new ArrayList<>();
        for (String var : new String[] {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"}) {
            String v = nonEmpty(env.apply(var));
            if (v != null) {
                add(out, Path.of(v), var);
            }
        }
        String hfHome = nonEmpty(env.apply("HF_HOME"));
        if (hfHome != null) {
            add(out, Path.of(hfHome, "hub"), "HF_HOME/hub");
        }
        String xdg = nonEmpty(env.apply("XDG_CACHE_HOME"));
        if (xdg != null) {
            add(out, Path.of(xdg).resolve("huggingface").resolve("hub"), "XDG_CACHE_HOME/huggingface/hub");
        } else {
            add(out, userHome.resolve(".cache").resolve("huggingface").resolve("hub"), "~/.cache/huggingface/hub");
        }
        return List.copyOf(out);
    }

    private static void add(List<CandidateRoot> roots, Path path, String origin) {
        if (roots.stream().noneMatch(r -> r.path().equals(path))) {
            roots.add(new CandidateRoot(path, origin));
        }
    }

    /** Convenience for tests and tools: {@link #defaultRoot(Function, Path)} over a fixed map. */
    public static Path defaultRoot(Map<String, String> env, Path userHome) {
        return defaultRoot(env::get, userHome);
    }

    /**
     * Whether {@code s} has the syntax of a hub id, {@code org/name} with an optional {@code @revision}. A relative
     * path can look the same; callers check for an existing local path first.
     */
    public static boolean looksLikeHubId(String s) {
        return s != null && HUB_ID.matcher(s).matches();
    }

    public Path root() {
        return root;
    }

    /** The cache folder of a repository id without revision: {@code ROOT/models--org--name}. */
    public Path repoFolder(String repoId) {
        return root.resolve("models--" + repoId.replace("/", "--"));
    }

    /** Whether the cache holds a snapshots folder for {@code hubId}'s repository (any revision). */
    public boolean containsRepo(String hubId) {
        int at = hubId.indexOf('@');
        return Files.isDirectory(
                repoFolder(at < 0 ? hubId : hubId.substring(0, at)).resolve("snapshots"));
    }

    /**
     * The snapshot folder for {@code hubId}. With {@code @revision}: the commit named by {@code refs/revision}, or
     * {@code revision} itself if it is a snapshot folder. Without: the commit in {@code refs/main}; failing that the
     * only snapshot, or the most recently modified one.
     *
     * @throws HubCacheException naming every place that was searched
     */
    public Path resolve(String hubId) {
        int at = hubId.indexOf('@');
        String repoId = at < 0 ? hubId : hubId.substring(0, at);
        String revision = at < 0 ? null : hubId.substring(at + 1);
        if (repoId.isEmpty() || hubId.contains("..") || (revision != null && revision.isEmpty())) {
            throw new HubCacheException("invalid hub id '" + hubId + "': expected org/name or org/name@revision");
        }
        Path repo = repoFolder(repoId);
        Path snapshots = repo.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            throw new HubCacheException("'" + hubId + "' is not in the local HF hub cache: " + snapshots
                    + " does not exist (cache root " + root + ", from HF_HUB_CACHE, HF_HOME or ~/.cache/huggingface)");
        }
        List<String> searched = new ArrayList<>();
        String ref = revision != null ? revision : "main";
        Path refFile = repo.resolve("refs").resolve(ref);
        searched.add(refFile.toString());
        if (Files.isRegularFile(refFile)) {
            String commit = readRef(refFile);
            Path snapshot = snapshots.resolve(commit);
            if (Files.isDirectory(snapshot)) {
                return snapshot;
            }
            searched.add(snapshot + " (named by " + refFile + ")");
        }
        if (revision != null) {
            Path snapshot = snapshots.resolve(revision);
            if (Files.isDirectory(snapshot) && !revision.contains("/")) {
                return snapshot;
            }
            searched.add(snapshot.toString());
            throw new HubCacheException("revision '" + revision + "' of '" + repoId
                    + "' is not in the local HF hub cache; searched " + String.join(", ", searched));
        }
        List<Path> all = listSnapshots(snapshots);
        if (all.isEmpty()) {
            searched.add(snapshots + " (empty)");
            throw new HubCacheException("'" + hubId + "' has no snapshot in the local HF hub cache; searched "
                    + String.join(", ", searched));
        }
        return all.stream().max(Comparator.comparing(HfHubCache::modified)).orElseThrow();
    }

    private static String readRef(Path refFile) {
        try {
            String commit = Files.readString(refFile).trim();
            if (commit.isEmpty() || commit.contains("/") || commit.contains("\\") || commit.startsWith(".")) {
                throw new HubCacheException(refFile + ": expected a commit hash, found '" + commit + "'");
            }
            return commit;
        } catch (IOException e) {
            throw new HubCacheException("cannot read " + refFile + ": " + e.getMessage());
        }
    }

    private static List<Path> listSnapshots(Path snapshots) {
        try (Stream<Path> s = Files.list(snapshots)) {
            return s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new HubCacheException("cannot list " + snapshots + ": " + e.getMessage());
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MIN_VALUE);
        }
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
