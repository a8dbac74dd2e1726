package org.jrom.fem.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Test tool: re-encodes a text MSH 4.1 file as binary MSH 4.1 the way Gmsh writes it (int = 4
 * bytes, size_t = 8, double = 8; text sections and section headers kept), written independently
 * of the reader from the layout in the Gmsh reference manual. Checked against a binary file
 * written by Gmsh itself.
 */
final class MshBinaryEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteBuffer scratch;
    private final Iterator<String> lines;

    private MshBinaryEncoder(String text, ByteOrder order) {
        scratch = ByteBuffer.allocate(8).order(order);
        lines = List.of(text.split("\n", -1)).iterator();
    }

    static byte[] encode(String text, ByteOrder order) {
        MshBinaryEncoder e = new MshBinaryEncoder(text, order);
        e.run();
        return e.out.toByteArray();
    }

    private void run() {
        while (lines.hasNext()) {
            String header = lines.next();
            if (header.isBlank()) {
                continue;
            }
            text(header);
            String section = header.strip().substring(1);
            switch (section) {
                case "MeshFormat" -> {
                    lines.next();
                    text("4.1 1 8");
                    integer("1");
                    text("");
                    text(lines.next());
                }
                case "Entities" -> binarySection(section, this::entities);
                case "Nodes" -> binarySection(section, this::nodes);
                case "Elements" -> binarySection(section, this::elements);
                default -> {
                    String line;
                    do {
                        line = lines.next();
                        text(line);
                    } while (!line.strip().equals("$End" + section));
                }
            }
        }
    }

    private void binarySection(String section, Runnable body) {
        body.run();
        text("");
        String end = lines.next();
        if (!end.strip().equals("$End" + section)) {
            throw new IllegalArgumentException("encoder: expected $End" + section + ", found " + end);
        }
        text(end);
    }

    private void entities() {
        String[] counts = tokens();
        sizes(counts);
        for (int d = 0; d < 4; d++) {
            for (long i = 0; i < Long.parseLong(counts[d]); i++) {
                String[] t = tokens();
                int k = 0;
                integer(t[k++]);
                for (int c = 0; c < (d == 0 ? 3 : 6); c++) {
                    real(t[k++]);
                }
                for (int list = 0; list < (d == 0 ? 1 : 2); list++) { // physical tags, bounding entities
                    int n = Integer.parseInt(t[k]);
                    size(t[k++]);
                    for (int j = 0; j < n; j++) {
                        integer(t[k++]);
                    }
                }
            }
        }
    }

    private void nodes() {
        String[] header = tokens();
        sizes(header);
        for (long b = 0; b < Long.parseLong(header[0]); b++) {
            String[] block = tokens();
            integer(block[0]);
            integer(block[1]);
            integer(block[2]);
            size(block[3]);
            int n = Integer.parseInt(block[3]);
            for (int i = 0; i < n; i++) {
                sizes(tokens());
            }
            for (int i = 0; i < n; i++) {
                for (String x : tokens()) {
                    real(x);
                }
            }
        }
    }

    private void elements() {
        String[] header = tokens();
        sizes(header);
        for (long b = 0; b < Long.parseLong(header[0]); b++) {
            String[] block = tokens();
            integer(block[0]);
            integer(block[1]);
            integer(block[2]);
            size(block[3]);
            for (int i = 0; i < Integer.parseInt(block[3]); i++) {
                sizes(tokens()); // element tag and node tags
            }
        }
    }

    private String[] tokens() {
        return lines.next().strip().split("\\s+");
    }

    private void text(String line) {
        out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void integer(String t) {
        out.write(scratch.putInt(0, Integer.parseInt(t)).array(), 0, 4);
    }

    private void size(String t) {
        out.write(scratch.putLong(0, Long.parseLong(t)).array(), 0, 8);
    }

    private void sizes(String[] t) {
        Arrays.stream(t).forEach(this::size);
    }

    private void real(String t) {
        out.write(scratch.putDouble(0, Double.parseDouble(t)).array(), 0, 8);
    }
}
