package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import javax.imageio.ImageIO;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field pictures: a known linear field, read back from the pixels through the colour map,
 * is the field at those points (within a colour-map step and a pixel), the colour bar runs from the
 * low to the high end of the range, and outside the domain stays white.
 */
class FieldPlotTest {
    @TempDir
    Path dir;

    /** The value whose colour is nearest to the pixel's, over 1024 samples of the map. */
    static double valueOf(int rgb, ColorMap map, double lo, double hi) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 1024; k++) {
            int c = map.rgb(k / 1023.0);
            double d = square((c >> 16 & 0xff) - (rgb >> 16 & 0xff))
                    + square((c >> 8 & 0xff) - (rgb >> 8 & 0xff))
                    + square((c & 0xff) - (rgb & 0xff));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return lo + best / 1023.0 * (hi - lo);
    }

    private static double square(double x) {
        return x * x;
    }

    static double[] nodal(Mesh mesh, DoubleBinaryOperator f, int axisU, int axisV, double offset) {
        double[] out = new double[mesh.numNodes()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(mesh.coordinate(i, axisU), mesh.coordinate(i, axisV)) + offset;
        }
        return out;
    }

    @Test
    void aLinearFieldReadsBackFromThePixelsThroughTheColourMap() throws IOException {
        Mesh mesh = StructuredMesh.unitSquare(6);
        DoubleBinaryOperator f = (x, y) -> x + 2 * y;
        double[] values = nodal(mesh, f, 0, 1, 0);
        FieldPlot plot = new FieldPlot(MeshSection.of(mesh), "x + 2y")
                .panel(new FieldPlot.Panel("viridis", values, ColorMap.VIRIDIS, 0, 3))
                .panel(new FieldPlot.Panel("diverging", values, ColorMap.DIVERGING, -3, 3));
        BufferedImage img = plot.render();
        // one colour-map step (1/255 of the range, the 8-bit channels) and a pixel of distance (|grad f| = sqrt 5)
        double pixel = Math.sqrt(5) * 2 / plot.colourBar(0).height;
        for (double[] p : new double[][] {{0.1, 0.1}, {0.3, 0.7}, {0.55, 0.45}, {0.9, 0.2}, {0.95, 0.95}}) {
            double expected = f.applyAsDouble(p[0], p[1]);
            int[] xy = plot.pixel(0, p[0], p[1]);
            assertThat(valueOf(img.getRGB(xy[0], xy[1]), ColorMap.VIRIDIS, 0, 3))
                    .as("viridis at %s", java.util.Arrays.toString(p))
                    .isCloseTo(expected, within(3 / 255.0 + pixel));
            xy = plot.pixel(1, p[0], p[1]);
            assertThat(valueOf(img.getRGB(xy[0], xy[1]), ColorMap.DIVERGING, -3, 3))
                    .as("diverging at %s", java.util.Arrays.toString(p))
                    .isCloseTo(expected, within(6 / 255.0 + 2 * pixel));
        }
        // the colour bar: the high end at the top, the low end at the bottom, labelled beside
        Rectangle bar = plot.colourBar(0);
        assertThat(bar.height).isGreaterThan(100);
        int mid = bar.x + bar.width / 2;
        assertThat(valueOf(img.getRGB(mid, bar.y), ColorMap.VIRIDIS, 0, 3)).isCloseTo(3, within(0.03));
        assertThat(valueOf(img.getRGB(mid, bar.y + bar.height - 1), ColorMap.VIRIDIS, 0, 3))
                .isCloseTo(0, within(0.03));
        assertThat(valueOf(img.getRGB(mid, bar.y + bar.height / 2), ColorMap.VIRIDIS, 0, 3))
                .isCloseTo(1.5, within(0.03));
        int dark = 0;
        for (int x = bar.x + bar.width + 6; x < bar.x + bar.width + 50; x++) {
            for (int y = bar.y; y < bar.y + bar.height; y++) {
                dark += (img.getRGB(x, y) & 0xff) < 128 ? 1 : 0;
            }
        }
        assertThat(dark).as("tick labels beside the colour bar").isGreaterThan(50);

        Path png = dir.resolve("f.png");
        plot.write(png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(img.getWidth());
    }

    @Test
    void zeroIsNearWhiteOnTheDivergingMapBlueBelowRedAbove() {
        int white = ColorMap.DIVERGING.rgb(0.5);
        assertThat(white >> 16 & 0xff).isGreaterThan(240);
        assertThat(white & 0xff).isGreaterThan(240);
        int low = ColorMap.DIVERGING.rgb(0.1);
        int high = ColorMap.DIVERGING.rgb(0.9);
        assertThat(low & 0xff).isGreaterThan(low >> 16 & 0xff);
        assertThat(high >> 16 & 0xff).isGreaterThan(high & 0xff);
    }

    @Test
    void outsideTheDomainStaysWhite() {
        // one triangle, (0, 0), (1, 0), (0, 1): its bounding box's upper right half is outside
        Mesh triangle = Mesh.of(
                2,
                new double[] {0, 0, 1, 0, 0, 1},
                new int[] {0, 1, 2},
                new int[] {0},
                new int[0],
                new int[0],
                Map.of(),
                Map.of());
        FieldPlot plot = new FieldPlot(MeshSection.of(triangle), "t")
                .panel(new FieldPlot.Panel("one", new double[] {1, 1, 1}, ColorMap.VIRIDIS, 0, 2));
        BufferedImage img = plot.render();
        int[] outside = plot.pixel(0, 0.8, 0.8);
        int[] inside = plot.pixel(0, 0.2, 0.2);
        assertThat(img.getRGB(outside[0], outside[1]) & 0xffffff).isEqualTo(0xffffff);
        assertThat(valueOf(img.getRGB(inside[0], inside[1]), ColorMap.VIRIDIS, 0, 2))
                .isCloseTo(1, within(0.01));
    }

    @Test
    void aTetrahedralMeshIsShownByItsMidPlaneSection() {
        // a box thinnest along y: the section is y = 0.25, in the x-z plane, where x + 2y + 3z = x + 3z + 0.5
        Mesh box = StructuredMesh.box(new double[] {0, 0, 0}, new double[] {1, 0.5, 1}, 4, 2, 4, c -> 0, Map.of());
        double[] values = new double[box.numNodes()];
        for (int i = 0; i < values.length; i++) {
            values[i] = box.coordinate(i, 0) + 2 * box.coordinate(i, 1) + 3 * box.coordinate(i, 2);
        }
        MeshSection section = MeshSection.of(box);
        assertThat(section.plane()).isEqualTo("mid-plane section y = 0.25");
        assertThat(section.axes()).containsExactly("x", "z");
        FieldPlot plot =
                new FieldPlot(section, "section").panel(new FieldPlot.Panel("f", values, ColorMap.VIRIDIS, 0, 5));
        BufferedImage img = plot.render();
        double pixel = Math.sqrt(10) * 2 / plot.colourBar(0).height;
        for (double[] p : new double[][] {{0.1, 0.1}, {0.5, 0.5}, {0.8, 0.3}, {0.2, 0.9}}) {
            int[] xy = plot.pixel(0, p[0], p[1]);
            assertThat(valueOf(img.getRGB(xy[0], xy[1]), ColorMap.VIRIDIS, 0, 5))
                    .as("at x, z = %s", java.util.Arrays.toString(p))
                    .isCloseTo(p[0] + 3 * p[1] + 0.5, within(5 / 255.0 + pixel));
        }
    }
}
