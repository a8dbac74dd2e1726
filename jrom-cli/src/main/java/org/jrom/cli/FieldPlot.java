package org.jrom.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.jrom.io.AtomicFile;

/**
 * A picture of nodal fields on a mesh, side by side (or one above the other for a long domain):
 * each panel paints the P1 interpolant of its field pixel by pixel, coloured through a {@link
 * ColorMap} over a given value range, with a colour bar of labelled ticks. Plain Java2D, so that
 * it runs headless without a plotting library.
 */
final class FieldPlot {
    /** One field: its title, its nodal values, the colour map and the range the map spans. */
    record Panel(String title, double[] nodal, ColorMap map, double lo, double hi) {}

    private static final int MARGIN = 16;
    private static final int TITLE = 30;
    private static final int PANEL_TITLE = 22;
    private static final int BAR_GAP = 14;
    private static final int BAR_WIDTH = 16;
    private static final int LABELS = 72;
    private static final int AXIS_LABELS = 18;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private final MeshSection section;
    private final String title;
    private final List<Panel> panels = new ArrayList<>();
    private final double uMin;
    private final double uMax;
    private final double vMin;
    private final double vMax;
    // the layout, fixed by render()
    private int plotWidth;
    private int plotHeight;
    private Rectangle[] plots = new Rectangle[0];
    private Rectangle[] bars = new Rectangle[0];

    FieldPlot(MeshSection section, String title) {
        this.section = section;
        this.title = title;
        double[] box = {
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
        };
        for (int t = 0; t < section.triangles(); t++) {
            for (int i = 0; i < 3; i++) {
                box[0] = Math.min(box[0], section.u(t, i));
                box[1] = Math.max(box[1], section.u(t, i));
                box[2] = Math.min(box[2], section.v(t, i));
                box[3] = Math.max(box[3], section.v(t, i));
            }
        }
        uMin = box[0];
        uMax = box[1];
        vMin = box[2];
        vMax = box[3];
    }

    FieldPlot panel(Panel p) {
        panels.add(p);
        return this;
    }

    /** The smallest and the largest finite value of some fields, e.g. for one colour range over two. */
    static double[] range(double[]... fields) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] f : fields) {
            for (double x : f) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {0, 0};
    }

    /** The length of every node's vector of {@code components} values (node-major). */
    static double[] magnitude(double[] nodal, int components) {
        double[] out = new double[nodal.length / components];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int c = 0; c < components; c++) {
                s += nodal[i * components + c] * nodal[i * components + c];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    /** Renders the panels into a PNG atomically. */
    void write(Path png) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(render(), "png", bytes);
            AtomicFile.writeBytes(png, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + png + ": " + e.getMessage(), e);
        }
    }

    BufferedImage render() {
        double aspect = (uMax - uMin) / (vMax - vMin);
        // a long domain (a beam) reads best in a column, anything squarer in a row
        boolean column = aspect >= 2;
        int box = column ? 760 : 330;
        plotWidth = aspect >= 1 ? box : (int) Math.max(40, Math.round(box * aspect));
        plotHeight = aspect >= 1 ? (int) Math.max(24, Math.round(box / aspect)) : box;
        int barHeight = Math.max(plotHeight, column ? 100 : 140); // room for a few labelled ticks
        int panelWidth = plotWidth + BAR_GAP + BAR_WIDTH + LABELS;
        int panelHeight = PANEL_TITLE + barHeight + AXIS_LABELS;
        int n = panels.size();
        int width = 2 * MARGIN + (column ? panelWidth : n * panelWidth + (n - 1) * MARGIN);
        int height = TITLE + 2 * MARGIN + (column ? n * panelHeight + (n - 1) * MARGIN : panelHeight);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(BOLD);
        g.drawString(title, MARGIN, MARGIN + 14);
        plots = new Rectangle[n];
        bars = new Rectangle[n];
        for (int p = 0; p < n; p++) {
            int x0 = MARGIN + (column ? 0 : p * (panelWidth + MARGIN));
            int y0 = TITLE + MARGIN + (column ? p * (panelHeight + MARGIN) : 0);
            Panel panel = panels.get(p);
            g.setFont(FONT);
            g.setColor(Color.BLACK);
            g.drawString(panel.title(), x0, y0 + 15);
            int top = y0 + PANEL_TITLE;
            plots[p] = new Rectangle(x0, top, plotWidth, plotHeight);
            bars[p] = new Rectangle(x0 + plotWidth + BAR_GAP, top, BAR_WIDTH, barHeight);
            paint(img, plots[p], panel);
            axes(g, plots[p]);
            colourBar(img, g, bars[p], panel);
        }
        g.dispose();
        return img;
    }

    /** Where the plane point (u, v) lands in panel {@code p} of the last rendering (pixel x, y). */
    int[] pixel(int p, double u, double v) {
        Rectangle r = plots[p];
        return new int[] {
            r.x + (int) Math.floor((u - uMin) / (uMax - uMin) * r.width),
            r.y + (int) Math.floor((vMax - v) / (vMax - vMin) * r.height)
        };
    }

    /** The colour bar of panel {@code p} in the last rendering. */
    Rectangle colourBar(int p) {
        return new Rectangle(bars[p]);
    }

    /** Colours every pixel whose centre lies in a triangle by the field interpolated there. */
    private void paint(BufferedImage img, Rectangle r, Panel panel) {
        double[] f = section.values(panel.nodal());
        double sx = r.width / (uMax - uMin);
        double sy = r.height / (vMax - vMin);
        double span = panel.hi() - panel.lo();
        double[] px = new double[3];
        double[] py = new double[3];
        for (int t = 0; t < section.triangles(); t++) {
            for (int i = 0; i < 3; i++) {
                px[i] = r.x + (section.u(t, i) - uMin) * sx;
                py[i] = r.y + (vMax - section.v(t, i)) * sy;
            }
            double det = (px[1] - px[0]) * (py[2] - py[0]) - (px[2] - px[0]) * (py[1] - py[0]);
            if (det == 0) {
                continue;
            }
            int xa = Math.max(r.x, (int) Math.floor(Math.min(px[0], Math.min(px[1], px[2]))));
            int xb = Math.min(r.x + r.width - 1, (int) Math.ceil(Math.max(px[0], Math.max(px[1], px[2]))));
            int ya = Math.max(r.y, (int) Math.floor(Math.min(py[0], Math.min(py[1], py[2]))));
            int yb = Math.min(r.y + r.height - 1, (int) Math.ceil(Math.max(py[0], Math.max(py[1], py[2]))));
            double eps = -1e-9;
            for (int y = ya; y <= yb; y++) {
                double cy = y + 0.5;
                for (int x = xa; x <= xb; x++) {
                    double cx = x + 0.5;
                    double l1 = ((cx - px[0]) * (py[2] - py[0]) - (px[2] - px[0]) * (cy - py[0])) / det;
                    double l2 = ((px[1] - px[0]) * (cy - py[0]) - (cx - px[0]) * (py[1] - py[0])) / det;
                    double l0 = 1 - l1 - l2;
                    if (l0 >= eps && l1 >= eps && l2 >= eps) {
                        double value = l0 * f[3 * t] + l1 * f[3 * t + 1] + l2 * f[3 * t + 2];
                        img.setRGB(x, y, panel.map().rgb(span > 0 ? (value - panel.lo()) / span : 0.5));
                    }
                }
            }
        }
    }

    /** A frame round the plot and the extent of the domain under it. */
    private void axes(Graphics2D g, Rectangle r) {
        String[] names = section.axes();
        Function<Double, String> uf = TickFormat.of(List.of(uMin, uMax), false);
        Function<Double, String> vf = TickFormat.of(List.of(vMin, vMax), false);
        g.setColor(new Color(0xbbbbbb));
        g.drawRect(r.x - 1, r.y - 1, r.width + 1, r.height + 1);
        g.setFont(FONT);
        g.setColor(Color.DARK_GRAY);
        FontMetrics fm = g.getFontMetrics();
        String extent = names[0] + " from " + uf.apply(uMin) + " to " + uf.apply(uMax) + ", " + names[1] + " from "
                + vf.apply(vMin) + " to " + vf.apply(vMax);
        int x = r.x + Math.max(0, (r.width - fm.stringWidth(extent)) / 2);
        g.drawString(extent, x, r.y + r.height + fm.getAscent() + 3);
    }

    /** A vertical gradient from lo (bottom) to hi (top) with labelled round ticks. */
    private static void colourBar(BufferedImage img, Graphics2D g, Rectangle bar, Panel panel) {
        for (int y = 0; y < bar.height; y++) {
            double t = 1 - (y + 0.5) / bar.height;
            int rgb = panel.map().rgb(t);
            for (int x = 0; x < bar.width; x++) {
                img.setRGB(bar.x + x, bar.y + y, rgb);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(bar.x - 1, bar.y - 1, bar.width + 1, bar.height + 1);
        double lo = panel.lo();
        double hi = panel.hi();
        double[] ticks = hi > lo ? TickFormat.ticks(lo, hi, 8) : new double[] {lo};
        Function<Double, String> label =
                TickFormat.of(Arrays.stream(ticks).boxed().toList(), false);
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        for (double tick : ticks) {
            double t = hi > lo ? (tick - lo) / (hi - lo) : 0.5;
            int y = bar.y + (int) Math.round((1 - t) * bar.height);
            g.drawLine(bar.x + bar.width, y, bar.x + bar.width + 4, y);
            g.drawString(label.apply(tick), bar.x + bar.width + 7, y + fm.getAscent() / 2 - 1);
        }
    }
}
