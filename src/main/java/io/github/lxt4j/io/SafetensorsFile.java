package io.github.lxt4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One safetensors file: an 8-byte little-endian header length, a JSON header, then the raw little-endian data.
 * The header is parsed and fully validated on {@link #open}; tensors are memory-mapped read-only on {@link #read}.
 * A data section up to 2 GiB is mapped once; a larger one is mapped per tensor, and a single tensor above 2 GiB is
 * an error (one Java mapping cannot exceed it).
 */
public final class SafetensorsFile implements Checkpoint {
    /** The largest header accepted, as in the reference implementation; guards against absurd lengths. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final long dataLength;
    private final SafetensorsHeader header;
    private ByteBuffer wholeData;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, long dataLength, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
        this.header = header;
    }

    /** Opens and validates {@code path}; throws {@link SafetensorsException} naming the file for any defect. */
    public static SafetensorsFile open(Path path) {
        return open(path, key -> false);
    }

    /**
     * Opens {@code path} without the tensors {@code skipped} accepts: they are not listed, their dtype and offsets
     * are not checked (a buffer in a dtype lxt4j cannot read, say), and nothing can read them.
     */
    public static SafetensorsFile open(Path path, Predicate<String> skipped) {
        if (!Files.isRegularFile(path)) {
            throw new SafetensorsException(
                    "safetensors file " + path + (Files.exists(path) ? " is not a regular file" : " does not exist"));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            SafetensorsFile file = readHeader(path, channel, skipped);
            channel = null;
            return file;
        } catch (IOException e) {
            throw new SafetensorsException(path + ": cannot read: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the open already failed; that error is the one to report
                }
            }
        }
    }

    private static SafetensorsFile readHeader(Path path, FileChannel channel, Predicate<String> skipped)
            throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsException(path + ": file is " + size
                    + " bytes, too short for the 8-byte header length (truncated or not safetensors)");
        }
        ByteBuffer lengthBytes = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes.getLong(0);
        // read as signed: a value above 2^63 shows as negative and is absurd either way
        if (headerLength <= 0 || headerLength > size - 8 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsException(path + ": header length " + Long.toUnsignedString(headerLength)
                    + " is invalid; expected 1.." + Math.min(size - 8, MAX_HEADER_BYTES) + " (the file is " + size
                    + " bytes; truncated or not safetensors?)");
        }
        ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength);
        String json;
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes);
            json = chars.toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(path + ": header is not valid UTF-8", e);
        }
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        SafetensorsHeader header = SafetensorsHeader.parse(path.toString(), json, dataLength, skipped);
        return new SafetensorsFile(path, channel, dataStart, dataLength, header);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buf.position()));
            }
        }
        return buf.flip();
    }

    public Path path() {
        return path;
    }

    /** The string-to-string {@code __metadata__} map of the header; empty when absent. */
    public Map<String, String> metadata() {
        return header.metadata;
    }

    /** All header entries, in file order. */
    public Collection<TensorInfo> infos() {
        return header.tensors.values();
    }

    /** The absolute file offset of the data section, to which {@link TensorInfo} offsets are relative. */
    public long dataStart() {
        return dataStart;
    }

    @Override
    public Set<String> keys() {
        return header.tensors.keySet();
    }

    @Override
    public boolean contains(String key) {
        return header.tensors.containsKey(key);
    }

    @Override
    public TensorInfo info(String key) {
        TensorInfo info = header.tensors.get(key);
        if (info == null) {
            throw new MissingTensorException(key, path.toString());
        }
        return info;
    }

    @Override
    public TensorData read(String key) {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        TensorInfo info = info(key);
        String origin = "tensor '" + key + "' in " + path;
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsException(origin + " is " + info.byteLength()
                    + " bytes; a single tensor above 2 GiB cannot be memory-mapped in Java");
        }
        ByteBuffer region;
        if (dataLength <= Integer.MAX_VALUE) {
            region = wholeData().slice((int) info.begin(), (int) info.byteLength());
        } else {
            region = map(dataStart + info.begin(), info.byteLength());
        }
        return new TensorData(info.dtype(), info.shape(), region, origin);
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new SafetensorsException(path + ": cannot close: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + header.tensors.size() + " tensors]";
    }

    private synchronized ByteBuffer wholeData() {
        if (wholeData == null) {
            wholeData = map(dataStart, dataLength);
        }
        return wholeData;
    }

    private ByteBuffer map(long position, long length) {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, position, length);
        } catch (IOException e) {
            throw new SafetensorsException(
                    path + ": cannot map bytes [" + position + ", " + (position + length) + "): " + e.getMessage(), e);
        }
    }
}
