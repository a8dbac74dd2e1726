package org.jrom.fem.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.fem.Mesh;

/**
 * The contents of a {@code .vtu} file: the simplicial mesh and its named point-data and cell-data
 * arrays, in file order. The cell data include the {@code "subdomain"} array when the file has one
 * (it also gave the mesh its cell markers).
 */
public record VtuData(Mesh mesh, Map<String, VtuArray> pointData, Map<String, VtuArray> cellData) {
    public VtuData {
        pointData = Collections.unmodifiableMap(new LinkedHashMap<>(pointData));
        cellData = Collections.unmodifiableMap(new LinkedHashMap<>(cellData));
    }

    /** The named point-data array; the error lists the names the file has. */
    public VtuArray pointArray(String name) {
        return find("point", pointData, name);
    }

    /** The named cell-data array; the error lists the names the file has. */
    public VtuArray cellArray(String name) {
        return find("cell", cellData, name);
    }

    private static VtuArray find(String what, Map<String, VtuArray> arrays, String name) {
        VtuArray a = arrays.get(name);
        if (a == null) {
            throw new VtuException("no " + what + "-data array '" + name + "'; the file has " + arrays.keySet());
        }
        return a;
    }
}
