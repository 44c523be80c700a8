package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfHubCacheTest {
    @TempDir
    Path root;

    private Path snapshot(String repoFolder, String commit, long modifiedMillis) throws IOException {
        Path s = Files.createDirectories(
                root.resolve(repoFolder).resolve("snapshots").resolve(commit));
        Files.writeString(s.resolve("config.json"), "{}");
        Files.setLastModifiedTime(s, FileTime.fromMillis(modifiedMillis));
        return s;
    }

    private void ref(String repoFolder, String name, String commit) throws IOException {
        Path r = root.resolve(repoFolder).resolve("refs").resolve(name);
        Files.createDirectories(r.getParent());
        Files.writeString(r, commit + "\n");
    }

    @Test
    void cacheRootFollowsTheHuggingfaceHubPrecedence() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/a"), HfHubCache.defaultRoot(Map.of("HF_HUB_CACHE", "/a", "HF_HOME", "/b"), home));
        assertEquals(
                Path.of("/old"),
                HfHubCache.defaultRoot(Map.of("HUGGINGFACE_HUB_CACHE", "/old", "HF_HOME", "/b"), home));
        assertEquals(Path.of("/b/hub"), HfHubCache.defaultRoot(Map.of("HF_HOME", "/b", "XDG_CACHE_HOME", "/x"), home));
        assertEquals(Path.of("/x/huggingface/hub"), HfHubCache.defaultRoot(Map.of("XDG_CACHE_HOME", "/x"), home));
        assertEquals(Path.of("/home/u/.cache/huggingface/hub"), HfHubCache.defaultRoot(Map.of(), home));
        assertEquals(
                Path.of("/home/u/.cache/huggingface/hub"), HfHubCache.defaultRoot(Map.of("HF_HUB_CACHE", ""), home));
    }

    @Test
    void refsMainWinsOverNewerSnapshots() throws IOException {
        String repo = "models--TinyLlama--TinyLlama-1.1B-Chat-v1.0";
        Path main = snapshot(repo, "aaa111", 1_000_000);
        snapshot(repo, "bbb222", 9_000_000);
        ref(repo, "main", "aaa111");
        assertEquals(main, new HfHubCache(root).resolve("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
    }

    @Test
    void explicitRevisionsResolveThroughRefsOrAsCommits() throws IOException {
        String repo = "models--org--name";
        Path v1 = snapshot(repo, "c0ffee", 1_000_000);
        Path v2 = snapshot(repo, "deadbeef", 2_000_000);
        ref(repo, "main", "deadbeef");
        ref(repo, "v1.0", "c0ffee");
        HfHubCache cache = new HfHubCache(root);
        assertEquals(v1, cache.resolve("org/name@v1.0"));
        assertEquals(v2, cache.resolve("org/name@deadbeef"));
        assertEquals(v2, cache.resolve("org/name"));
        HubCacheException e = assertThrows(HubCacheException.class, () -> cache.resolve("org/name@v9"));
        assertTrue(
                e.getMessage().contains("'v9'")
                        && e.getMessage()
                                .contains(root.resolve(repo)
                                        .resolve("refs")
                                        .resolve("v9")
                                        .toString()),
                e.getMessage());
    }

    @Test
    void withoutRefsTheOnlyOrNewestSnapshotIsUsed() throws IOException {
        Path only = snapshot("models--a--one", "111", 5_000);
        HfHubCache cache = new HfHubCache(root);
        assertEquals(only, cache.resolve("a/one"));
        snapshot("models--a--many", "old", 1_000_000);
        Path newest = snapshot("models--a--many", "new", 3_000_000);
        snapshot("models--a--many", "mid", 2_000_000);
        assertEquals(newest, cache.resolve("a/many"));
        ref("models--a--stale", "main", "missing");
        Path fallback = snapshot("models--a--stale", "present", 1_000);
        assertEquals(fallback, cache.resolve("a/stale"), "a ref to an absent snapshot falls back");
    }

    @Test
    void unknownRepositoriesListWhatWasSearched() throws IOException {
        HfHubCache cache = new HfHubCache(root);
        HubCacheException e = assertThrows(HubCacheException.class, () -> cache.resolve("meta-llama/Llama-2-7b"));
        assertTrue(
                e.getMessage().contains("meta-llama/Llama-2-7b")
                        && e.getMessage()
                                .contains(root.resolve("models--meta-llama--Llama-2-7b")
                                        .resolve("snapshots")
                                        .toString()),
                e.getMessage());
        Files.createDirectories(root.resolve("models--e--empty").resolve("snapshots"));
        e = assertThrows(HubCacheException.class, () -> cache.resolve("e/empty"));
        assertTrue(e.getMessage().contains("no snapshot") && e.getMessage().contains("refs"), e.getMessage());
        assertThrows(HubCacheException.class, () -> cache.resolve("org/name@"));
        assertThrows(HubCacheException.class, () -> cache.resolve("org/name@../../etc"));
    }

    @Test
    void hubIdSyntax() {
        assertTrue(HfHubCache.looksLikeHubId("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
        assertTrue(HfHubCache.looksLikeHubId("org/name@main"));
        assertTrue(HfHubCache.looksLikeHubId("google/flan-t5-small@refs/pr/1"));
        assertFalse(HfHubCache.looksLikeHubId("/abs/path"));
        assertFalse(HfHubCache.looksLikeHubId("./rel/path"));
        assertFalse(HfHubCache.looksLikeHubId("a/b/c"));
        assertFalse(HfHubCache.looksLikeHubId("model.safetensors"));
        assertFalse(HfHubCache.looksLikeHubId("org/"));
        assertFalse(HfHubCache.looksLikeHubId(null));
    }
}
