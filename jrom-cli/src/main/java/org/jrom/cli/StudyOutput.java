package org.jrom.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --out} option of the study commands that write into {@code jrom-out/study} (a picocli mixin). */
final class StudyOutput {
    @Option(
            names = "--out",
            defaultValue = "jrom-out/study",
            description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;
}
