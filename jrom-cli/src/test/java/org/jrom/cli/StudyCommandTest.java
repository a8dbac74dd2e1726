package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom study estimators} writes its directory as demo, build and uq do ({@link
 * OutputDirectory}): marked {@code INCOMPLETE} while it writes, so that a run that fails halfway
 * through a directory of earlier results says so (before, the directory was only created and its
 * files mixed two runs without a word).
 */
class StudyCommandTest {
    @TempDir
    Path tmp;

    private static Run study(Path out) {
        return JromCommandTest.run(
                "study",
                "estimators",
                "--blocks",
                "2x2",
                "--resolution",
                "4",
                "--training",
                "12",
                "--test",
                "4",
                "--max-basis",
                "4",
                "--step",
                "2",
                "--out",
                out.toString());
    }

    @Test
    void theNonintrusiveEimStudysRomErrorFollowsTheEimTolerance() throws IOException {
        Path out = tmp.resolve("eim");
        Run r = JromCommandTest.run(
                "study", "nonintrusive-eim", "--resolution", "4", "--training", "40", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(SmallModel.files(out)).containsExactly("eim-decay.png", "nonintrusive-eim.csv", "rb-vs-eim.png");
        java.util.List<String> rows = Files.readAllLines(out.resolve("nonintrusive-eim.csv"));
        assertThat(rows).hasSize(1 + EimStudy.TOLERANCES.length);
        // the ROM's true error against the exact non-affine solutions: within 10x of the EIM tolerance
        // down to 1e-6, and a thousand times smaller at 1e-6 than at 1e-2
        double first = Double.parseDouble(rows.get(1).split(",")[5]);
        double atMicro = Double.parseDouble(rows.get(5).split(",")[5]);
        for (int k = 1; k <= 5; k++) {
            String[] c = rows.get(k).split(",");
            assertThat(Double.parseDouble(c[5])).as(rows.get(k)).isLessThan(10 * Double.parseDouble(c[0]));
        }
        assertThat(atMicro).isLessThan(1e-3 * first);
    }

    @Test
    void aFinishedStudyLeavesItsFilesAndNoMarker() {
        Path out = tmp.resolve("new").resolve("study");
        Run r = study(out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(SmallModel.files(out))
                .containsExactly(
                        "costs.csv", "effectivity.png", "estimators.csv", "estimators.png", "norm-accuracy.png");
        assertThat(r.out()).contains("PRODUCT_EIM estimate below the true error (no allowance): ");
    }

    @Test
    void theEimVariantsStudyShowsSymmetryAndSensorRobustness() throws IOException {
        Path out = tmp.resolve("variants");
        Run r = JromCommandTest.run("study", "eim-variants", "--resolution", "6", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(SmallModel.files(out))
                .containsExactly(
                        "eim-norms-energy.png",
                        "eim-norms-l2.png",
                        "eim-norms-max.png",
                        "eim-sensors.png",
                        "eim-symmetric.png",
                        "eim-variants.csv");
        java.util.List<String[]> rows = Files.readAllLines(out.resolve("eim-variants.csv")).stream()
                .map(l -> l.split(","))
                .toList();
        double classicalAsymmetry = 0;
        for (String[] c : rows) {
            if (c[0].equals("symmetric")) {
                assertThat(Double.parseDouble(c[3]))
                        .as("symmetric greedy, asymmetry")
                        .isZero();
                classicalAsymmetry = Math.max(classicalAsymmetry, Double.parseDouble(c[5]));
            }
        }
        assertThat(classicalAsymmetry).isGreaterThan(1e-3);
        // one sensor lost: the rectangular reconstruction stays within 3x of its error with all sensors
        double[] worst = new double[2];
        for (String[] c : rows) {
            if (c[0].equals("sensors")) {
                worst[0] = Math.max(worst[0], c[2].equals("NaN") ? 0 : Double.parseDouble(c[2]));
                worst[1] = Math.max(worst[1], Double.parseDouble(c[3]));
            }
        }
        String[] all = rows.stream()
                .filter(c -> c[0].equals("sensors-all"))
                .findFirst()
                .orElseThrow();
        assertThat(worst[1]).isLessThan(3 * Double.parseDouble(all[2]));
        assertThat(worst[0]).isGreaterThan(3 * Double.parseDouble(all[1]));
    }

    @Test
    void aStudyThatFailsHalfwayMarksTheDirectoryItChanged() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(out.resolve("estimators.csv"), "an earlier run\n");
        Files.createDirectories(out.resolve("estimators.png")); // the plot cannot replace a directory
        Run r = study(out);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(Files.readString(out.resolve("estimators.csv"))).isNotEqualTo("an earlier run\n");
        assertThat(SmallModel.files(out))
                .containsExactly(OutputDirectory.INCOMPLETE, "costs.csv", "estimators.csv", "estimators.png");
    }
}
