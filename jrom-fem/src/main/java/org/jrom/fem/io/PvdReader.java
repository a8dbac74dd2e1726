package org.jrom.fem.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jrom.Excerpt;

/**
 * Reads a ParaView collection ({@code .pvd}): the time series of VTU files a solver writes, as
 * {@code <VTKFile type="Collection"><Collection><DataSet timestep="t" file="f.vtu"/>...}. The
 * times must be finite and increasing (one data set per time: parts and groups are not read), the
 * files relative to the collection's folder and inside it (no absolute path, no {@code ..} out of
 * it, no link that leads out of it). The XML parser has DTDs and external entities disabled; the
 * errors name the file and the line.
 */
public final class PvdReader {
    /** One time of the series: its time and its VTU file (resolved against the collection's folder). */
    public record DataSet(double time, Path file) {}

    private PvdReader() {}

    /** The data sets of the collection, in time order. */
    public static List<DataSet> read(Path pvd) {
        byte[] bytes = VtuReader.bytes(pvd);
        Path folder = pvd.toAbsolutePath().normalize().getParent();
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<DataSet> sets = new ArrayList<>();
        List<String> stack = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String tag = r.getLocalName();
                    int line = r.getLocation().getLineNumber();
                    if (stack.isEmpty()
                            && (!tag.equals("VTKFile") || !"Collection".equals(r.getAttributeValue(null, "type")))) {
                        throw error(pvd, line, "expected <VTKFile type=\"Collection\">, found <" + tag + ">");
                    }
                    if (tag.equals("DataSet")
                            && stack.size() == 2
                            && stack.get(1).equals("Collection")) {
                        sets.add(dataSet(pvd, folder, line, r, sets));
                    }
                    stack.add(tag);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    stack.remove(stack.size() - 1);
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNumber() : 0;
            throw error(pvd, line, "malformed XML: " + Excerpt.of(String.valueOf(e.getMessage()), 160));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the byte array
                }
            }
        }
        if (sets.isEmpty()) {
            throw error(pvd, 0, "no <DataSet> in <Collection>: the series is empty");
        }
        return sets;
    }

    private static DataSet dataSet(Path pvd, Path folder, int line, XMLStreamReader r, List<DataSet> before) {
        String t = r.getAttributeValue(null, "timestep");
        String f = r.getAttributeValue(null, "file");
        if (t == null || f == null) {
            throw error(pvd, line, "a <DataSet> needs the attributes timestep and file");
        }
        double time;
        try {
            time = Double.parseDouble(t.strip());
        } catch (NumberFormatException e) {
            throw error(pvd, line, "timestep " + Excerpt.quoted(t) + " is not a number");
        }
        if (!Double.isFinite(time)) {
            throw error(pvd, line, "timestep " + Excerpt.quoted(t) + " is not finite");
        }
        if (!before.isEmpty() && !(time > before.get(before.size() - 1).time())) {
            throw error(
                    pvd,
                    line,
                    "timestep " + time + " after "
                            + before.get(before.size() - 1).time()
                            + ": the times must increase (one data set per time)");
        }
        Path file;
        try {
            file = folder.resolve(f).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw error(pvd, line, "file " + Excerpt.quoted(f) + " is not a path");
        }
        if (Path.of(f).isAbsolute() || !file.startsWith(folder)) {
            throw error(pvd, line, "file " + Excerpt.quoted(f) + " is outside the collection's folder " + folder);
        }
        try {
            if (Files.exists(file) && !file.toRealPath().startsWith(folder.toRealPath())) {
                throw error(pvd, line, "file " + Excerpt.quoted(f) + " links outside the collection's folder");
            }
        } catch (IOException e) {
            throw new VtuException("cannot resolve " + file + ": " + e, e);
        }
        return new DataSet(time, file);
    }

    private static VtuException error(Path pvd, int line, String message) {
        return new VtuException(pvd + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
