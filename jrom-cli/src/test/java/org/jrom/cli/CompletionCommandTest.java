package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.Test;

class CompletionCommandTest {
    @Test
    void theBashScriptCompletesEveryCommandAndTheirOptions() {
        Run r = JromCommandTest.run("completion");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_jrom")
                .contains("demo", "query", "batch", "uq", "info", "study", "completion")
                .contains("--allow-extrapolation", "--sigma-fraction")
                // the values of --dist and of demo's PROBLEM
                .contains("\"uniform\" \"normal\" \"lognormal\"")
                .contains("thermal-block");
    }
}
