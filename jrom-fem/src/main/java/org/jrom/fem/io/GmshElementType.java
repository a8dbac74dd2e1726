package org.jrom.fem.io;

/**
 * A Gmsh element type number with its topological dimension and node count (Gmsh reference
 * manual, section "MSH file format", element types 1 to 31): enough to skip elements jrom does not
 * use and to name them in messages.
 */
record GmshElementType(int number, int dimension, int nodes, String description) {
    static final int LINE = 1;
    static final int TRIANGLE = 2;
    static final int TETRAHEDRON = 4;
    static final int POINT = 15;

    private static final GmshElementType[] TYPES = {
        null,
        new GmshElementType(1, 1, 2, "2-node line"),
        new GmshElementType(2, 2, 3, "3-node triangle"),
        new GmshElementType(3, 2, 4, "4-node quadrangle"),
        new GmshElementType(4, 3, 4, "4-node tetrahedron"),
        new GmshElementType(5, 3, 8, "8-node hexahedron"),
        new GmshElementType(6, 3, 6, "6-node prism"),
        new GmshElementType(7, 3, 5, "5-node pyramid"),
        new GmshElementType(8, 1, 3, "3-node second-order line"),
        new GmshElementType(9, 2, 6, "6-node second-order triangle"),
        new GmshElementType(10, 2, 9, "9-node second-order quadrangle"),
        new GmshElementType(11, 3, 10, "10-node second-order tetrahedron"),
        new GmshElementType(12, 3, 27, "27-node second-order hexahedron"),
        new GmshElementType(13, 3, 18, "18-node second-order prism"),
        new GmshElementType(14, 3, 14, "14-node second-order pyramid"),
        new GmshElementType(15, 0, 1, "1-node point"),
        new GmshElementType(16, 2, 8, "8-node second-order quadrangle"),
        new GmshElementType(17, 3, 20, "20-node second-order hexahedron"),
        new GmshElementType(18, 3, 15, "15-node second-order prism"),
        new GmshElementType(19, 3, 13, "13-node second-order pyramid"),
        new GmshElementType(20, 2, 9, "9-node third-order incomplete triangle"),
        new GmshElementType(21, 2, 10, "10-node third-order triangle"),
        new GmshElementType(22, 2, 12, "12-node fourth-order incomplete triangle"),
        new GmshElementType(23, 2, 15, "15-node fourth-order triangle"),
        new GmshElementType(24, 2, 15, "15-node fifth-order incomplete triangle"),
        new GmshElementType(25, 2, 21, "21-node fifth-order triangle"),
        new GmshElementType(26, 1, 4, "4-node third-order line"),
        new GmshElementType(27, 1, 5, "5-node fourth-order line"),
        new GmshElementType(28, 1, 6, "6-node fifth-order line"),
        new GmshElementType(29, 3, 20, "20-node third-order tetrahedron"),
        new GmshElementType(30, 3, 35, "35-node fourth-order tetrahedron"),
        new GmshElementType(31, 3, 56, "56-node fifth-order tetrahedron"),
    };

    /** The type with this Gmsh number, or null if it is not in the table. */
    static GmshElementType of(int number) {
        return number > 0 && number < TYPES.length ? TYPES[number] : null;
    }

    /** Whether jrom keeps elements of this type: lines, triangles, tetrahedra (points are skipped). */
    boolean isSimplex() {
        return number == LINE || number == TRIANGLE || number == TETRAHEDRON;
    }

    @Override
    public String toString() {
        return "type " + number + " (" + description + ")";
    }
}
