package org.jrom.fem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time series of a ParaView collection, and the one-line refusals of what is not one. */
class PvdReaderTest {
    @TempDir
    Path dir;

    private Path pvd(String dataSets) throws Exception {
        Path file = dir.resolve("series.pvd");
        Files.writeString(
                file,
                "<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\" version=\"0.1\">\n  <Collection>\n" + dataSets
                        + "  </Collection>\n</VTKFile>\n");
        return file;
    }

    @Test
    void readsTheTimesAndFilesInOrder() throws Exception {
        Path file = pvd("    <DataSet timestep=\"0\" part=\"0\" file=\"vtu/a.vtu\"/>\n"
                + "    <DataSet timestep=\"2.5e-1\" file=\"vtu/b.vtu\"/>\n");
        List<PvdReader.DataSet> sets = PvdReader.read(file);
        assertThat(sets).hasSize(2);
        assertThat(sets.get(1).time()).isEqualTo(0.25);
        assertThat(sets.get(1).file())
                .isEqualTo(dir.toAbsolutePath().normalize().resolve("vtu/b.vtu"));
    }

    @Test
    void refusesWhatIsNotASeriesInOneLineNamingTheLine() throws Exception {
        assertThatThrownBy(() -> PvdReader.read(pvd("    <DataSet timestep=\"1\" file=\"a.vtu\"/>\n"
                        + "    <DataSet timestep=\"1\" file=\"b.vtu\"/>\n")))
                .isInstanceOf(VtuException.class)
                .hasMessageContaining("series.pvd:5: timestep 1.0 after 1.0");
        assertThatThrownBy(() -> PvdReader.read(pvd("    <DataSet timestep=\"0\" file=\"../a.vtu\"/>\n")))
                .hasMessageContaining("outside the collection's folder");
        assertThatThrownBy(() -> PvdReader.read(pvd("    <DataSet timestep=\"0\" file=\"/etc/passwd\"/>\n")))
                .hasMessageContaining("outside the collection's folder");
        assertThatThrownBy(() -> PvdReader.read(pvd("    <DataSet timestep=\"NaN\" file=\"a.vtu\"/>\n")))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> PvdReader.read(pvd("    <DataSet file=\"a.vtu\"/>\n")))
                .hasMessageContaining("needs the attributes timestep and file");
        assertThatThrownBy(() -> PvdReader.read(pvd(""))).hasMessageContaining("the series is empty");
        Path grid = dir.resolve("grid.pvd");
        Files.writeString(grid, "<VTKFile type=\"UnstructuredGrid\"/>");
        assertThatThrownBy(() -> PvdReader.read(grid)).hasMessageContaining("expected <VTKFile type=\"Collection\">");
        // an external entity is never resolved
        Path xxe = dir.resolve("xxe.pvd");
        Files.writeString(
                xxe,
                "<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<VTKFile type=\"Collection\"><Collection><DataSet timestep=\"0\" file=\"&e;\"/>"
                        + "</Collection></VTKFile>");
        assertThatThrownBy(() -> PvdReader.read(xxe)).isInstanceOf(VtuException.class);
        assertThatThrownBy(() -> PvdReader.read(dir.resolve("missing.pvd"))).hasMessageContaining("no such file");
    }
}
