package org.jrom.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jrom completion}: the bash (and zsh) completion script of every command and option. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a bash completion script for jrom.",
            "It completes the commands, their options and option values. Source it for this shell, or save it"
                    + " where bash-completion finds it for every new shell; zsh reads it too, after"
                    + " 'autoload -U +X bashcompinit && bashcompinit'."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(jrom completion)   # this shell",
            "  jrom completion > ~/.local/share/bash-completion/completions/jrom"
        })
final class CompletionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("jrom", spec.root().commandLine()));
        out.flush();
    }
}
