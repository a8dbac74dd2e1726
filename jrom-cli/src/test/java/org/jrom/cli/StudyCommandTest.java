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
    void aFinishedStudyLeavesItsFilesAndNoMarker() {
        Path out = tmp.resolve("new").resolve("study");
        Run r = study(out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(SmallModel.files(out)).containsExactly("effectivity.png", "estimators.csv", "estimators.png");
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
                .containsExactly(OutputDirectory.INCOMPLETE, "estimators.csv", "estimators.png");
    }
}
