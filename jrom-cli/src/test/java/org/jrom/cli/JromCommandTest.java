package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JromCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JromCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesTheBuildAndTheRuntime() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("jrom ").contains("Java " + System.getProperty("java.version"));
        assertThat(r.out()).doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void helpListsTheCommandsWithAnExample() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: jrom").contains("info").contains("Examples:");
    }

    @Test
    void infoReportsTheLiveBackendAndThreads() {
        Run r = run("info");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^blas +(OpenBLAS \\d+\\.\\d+\\.\\d+ \\((system|bundled|user), /.*\\), core \\w+,"
                        + " \\d+ threads|pure Java \\(netlib's Java port\\))$");
        assertThat(r.out()).containsPattern("(?m)^backend +BLAS (native|pure Java) \\(\\w+\\); LAPACK ");
        assertThat(r.out()).containsPattern("(?m)^threads +\\d+ ");
        assertThat(r.out()).contains("java      " + System.getProperty("java.version"));
    }

    @Test
    void unknownCommandIsOneReadableLineAndExitCodeTwo() {
        Run r = run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("jrom: ").contains("frobnicate").doesNotContain("Exception");
    }

    @Test
    void malformedBlocksAreOneReadableLineAndExitCodeTwo() {
        for (String blocks : new String[] {"3", "axb", "2x"}) {
            Run r = run("study", "estimators", "--blocks", blocks);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).startsWith("jrom: --blocks expects BxB").contains("'" + blocks + "'");
        }
    }
}
