package io.github.lxt4j.io.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, items 6 and 9: the pixel budget is checked from the header, and the CMYK hint only for JPEG. */
class ImageLimitsTest {
    @TempDir
    Path tmp;

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** A small PNG file whose header declares {@code w}x{@code h} gray pixels (its data is only a few rows). */
    private static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater z = new Deflater();
        z.setInput(new byte[(w + 1) * Math.min(h, 4)]);
        z.finish();
        byte[] buf = new byte[1 << 16];
        int n = z.deflate(buf);
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    @Test
    void aHugeDeclaredSizeIsRefusedBeforeDecoding() throws Exception {
        Path f = Files.write(tmp.resolve("huge.png"), png(20000, 20000));
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(f));
        assertTrue(
                e.getMessage()
                        .contains("its header declares 20000x20000 = 400000000 pixels, more than the budget" + " of "
                                + ImageFiles.MAX_PIXELS + " pixels"),
                e.getMessage());
    }

    @Test
    void theBudgetIsInclusive() throws Exception {
        Path f = Files.write(tmp.resolve("small.png"), png(4, 4));
        assertEquals(4, ImageFiles.read(f, 16).getWidth());
        assertThrows(ImageReadException.class, () -> ImageFiles.read(f, 15));
    }

    @Test
    void aBrokenPngCarriesNoCmykHint() throws Exception {
        byte[] b = png(4, 4);
        Path f = Files.write(tmp.resolve("broken.png"), java.util.Arrays.copyOf(b, 40));
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().contains("the decoder failed"), e.getMessage());
        assertFalse(e.getMessage().contains("CMYK"), e.getMessage());
    }
}
