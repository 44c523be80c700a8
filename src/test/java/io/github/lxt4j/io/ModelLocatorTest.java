package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders and hub ids → checkpoint folders, over a fake environment, home and working directory. */
class ModelLocatorTest {
    @TempDir
    Path tmp;

    private Path home() throws IOException {
        return Files.createDirectories(tmp.resolve("home"));
    }

    private Path work() throws IOException {
        return Files.createDirectories(tmp.resolve("work"));
    }

    /** A cached snapshot {@code root/models--ORG--NAME/snapshots/abc123} named by refs/main. */
    private static Path cache(Path root, String repoId) throws IOException {
        Path repo = root.resolve("models--" + repoId.replace("/", "--"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve("abc123"));
        Files.writeString(snapshot.resolve("config.json"), "{}");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs").resolve("main"), "abc123");
        return snapshot;
    }

    private ModelLocator locator(Map<String, String> env) throws IOException {
        return new ModelLocator(env::get, home(), work());
    }

    @Test
    void anExistingFolderWinsOverTheCache() throws IOException {
        Path hub = tmp.resolve("hf-home").resolve("hub");
        cache(hub, "org/name");
        Path local = Files.createDirectories(work().resolve("org").resolve("name"));
        assertEquals(
                local,
                locator(Map.of("HF_HOME", tmp.resolve("hf-home").toString())).locate("org/name"));
    }

    @Test
    void hubIdsResolveInHfHomeAndFallBackToTheDefaultCache() throws IOException {
        Path inHfHome = cache(tmp.resolve("hf-home").resolve("hub"), "TinyLlama/TinyLlama-1.1B-Chat-v1.0");
        Path inDefault = cache(home().resolve(".cache").resolve("huggingface").resolve("hub"), "google/flan-t5-small");
        ModelLocator l = locator(Map.of(
                "HF_HOME",
                tmp.resolve("hf-home").toString(),
                "HF_HUB_CACHE",
                tmp.resolve("empty-cache").toString()));
        assertEquals(inHfHome, l.locate("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
        assertEquals(inDefault, l.locate("google/flan-t5-small"), "a repo only in ~/.cache is still found");
    }

    @Test
    void bareNamesAreHubIdsToo() throws IOException {
        Path snapshot = cache(home().resolve(".cache").resolve("huggingface").resolve("hub"), "gpt2");
        assertEquals(snapshot, locator(Map.of()).locate("gpt2"));
    }

    @Test
    void aMissingHubIdSaysWhereItLookedAndHowToDownload() throws IOException {
        Path hubCache = tmp.resolve("hub-cache");
        ModelLocator l = locator(Map.of("HF_HUB_CACHE", hubCache.toString()));
        ModelNotFoundException e =
                assertThrows(ModelNotFoundException.class, () -> l.locate("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
        String m = e.getMessage();
        String repo = "models--TinyLlama--TinyLlama-1.1B-Chat-v1.0";
        assertTrue(
                m.contains("no folder 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' exists relative to the working directory "
                        + work().toAbsolutePath()),
                m);
        assertTrue(m.contains(hubCache.resolve(repo) + " (HF_HUB_CACHE)"), m);
        assertTrue(
                m.contains(home().resolve(".cache/huggingface/hub").resolve(repo) + " (~/.cache/huggingface/hub)"), m);
        assertTrue(m.contains("HF_HOME is not set"), m);
        assertTrue(m.contains("huggingface-cli download TinyLlama/TinyLlama-1.1B-Chat-v1.0"), m);
        assertTrue(m.contains("hf download TinyLlama/TinyLlama-1.1B-Chat-v1.0"), m);
        assertTrue(m.contains("never downloads"), m);
    }

    @Test
    void aMissingRevisionIsPassedToTheDownloadCommand() throws IOException {
        ModelNotFoundException e = assertThrows(
                ModelNotFoundException.class, () -> locator(Map.of()).locate("org/name@v2"));
        assertTrue(e.getMessage().contains("huggingface-cli download org/name --revision v2"), e.getMessage());
        assertTrue(e.getMessage().contains("HF_HUB_CACHE and HF_HOME are not set"), e.getMessage());
    }

    @Test
    void pathsThatAreNoHubIdAndFilesAreRefused() throws IOException {
        ModelNotFoundException e = assertThrows(
                ModelNotFoundException.class, () -> locator(Map.of()).locate("./models/a/b"));
        assertTrue(
                e.getMessage().contains("no folder './models/a/b'")
                        && e.getMessage().contains("not a hub id"),
                e.getMessage());
        Files.writeString(work().resolve("model.safetensors"), "x");
        ModelNotFoundException file = assertThrows(
                ModelNotFoundException.class, () -> locator(Map.of()).locate("model.safetensors"));
        assertTrue(file.getMessage().contains("is a file"), file.getMessage());
    }

    @Test
    void candidateRootsFollowThePrecedenceWithoutRepeats() {
        Path home = Path.of("/home/u");
        List<HfHubCache.CandidateRoot> roots = HfHubCache.candidateRoots(
                Map.of("HF_HUB_CACHE", "/a", "HF_HOME", "/b", "HUGGINGFACE_HUB_CACHE", "/a")::get, home);
        assertEquals(
                List.of(
                        new HfHubCache.CandidateRoot(Path.of("/a"), "HF_HUB_CACHE"),
                        new HfHubCache.CandidateRoot(Path.of("/b/hub"), "HF_HOME/hub"),
                        new HfHubCache.CandidateRoot(
                                Path.of("/home/u/.cache/huggingface/hub"), "~/.cache/huggingface/hub")),
                roots);
    }
}
