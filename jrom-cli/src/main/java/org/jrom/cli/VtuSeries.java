package org.jrom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrom.fem.Mesh;
import org.jrom.fem.io.VtuWriter;
import org.jrom.io.AtomicFile;

/**
 * A structural run's fields as a VTU series for ParaView: one {@code vtu/step_NNNNN.vtu} per step
 * written (displacement, temperature, von Mises stress and, where the law has it, the cumulated
 * plastic strain p, the last two projected from the material points to the nodes) and {@code
 * results.pvd}, the collection with each step's time. Shared by {@code simulate}, {@code demo
 * blade} and {@code run --reconstruct}; each file is written atomically.
 */
final class VtuSeries {
    static final String COLLECTION = "results.pvd";

    private final Path dir;
    private final List<double[]> steps = new ArrayList<>(); // (time, index) of each VTU

    /** A series in {@code dir}, whose {@code vtu} folder must exist. */
    VtuSeries(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes step {@code index} at {@code time}.
     *
     * @param displacement the displacement dofs (3 per scalar dof, the mesh's vertices first)
     * @param temperature at the mesh's nodes
     * @param vonMises at the nodes
     * @param plasticStrain at the nodes, or null when the law has none
     */
    void write(
            int index,
            double time,
            Mesh mesh,
            double[] displacement,
            double[] temperature,
            double[] vonMises,
            double[] plasticStrain) {
        double[] vertexU = new double[3 * mesh.numNodes()];
        System.arraycopy(displacement, 0, vertexU, 0, vertexU.length); // vertices are the first scalar dofs (P1 and P2)
        VtuWriter vtu = VtuWriter.of(mesh)
                .vectorField("displacement", 3, vertexU)
                .pointField("temperature", temperature)
                .pointField("von_mises", vonMises);
        if (plasticStrain != null) {
            vtu.pointField("p", plasticStrain);
        }
        AtomicFile.write(dir.resolve(name(index)), vtu::writeTo);
        steps.add(new double[] {time, index});
    }

    /** Writes {@code results.pvd} with the steps written so far. */
    void finish() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n")
                .append("<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n")
                .append("  <Collection>\n");
        for (double[] e : steps) {
            sb.append(String.format(
                    Locale.ROOT,
                    "    <DataSet timestep=\"%.17g\" group=\"\" part=\"0\" file=\"%s\"/>%n",
                    e[0],
                    name((int) e[1])));
        }
        AtomicFile.writeString(
                dir.resolve(COLLECTION),
                sb.append("  </Collection>\n</VTKFile>\n").toString());
    }

    private static String name(int step) {
        return String.format(Locale.ROOT, "vtu/step_%05d.vtu", step);
    }
}
