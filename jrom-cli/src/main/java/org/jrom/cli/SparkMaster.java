package org.jrom.cli;

import java.util.Stack;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The optional MASTER of {@code --spark [MASTER]}: the next argument only where it is a Spark master
 * URL, else {@code local[*]}; so {@code jrom simulate --spark case.json} leaves the case file where
 * it belongs instead of reading it as the master.
 */
final class SparkMaster implements CommandLine.IParameterConsumer {
    /** The master URLs Spark's core accepts, and those of its cluster managers (refused later by Spark itself). */
    static final Pattern URL =
            Pattern.compile("local(\\[[^\\]]*\\])?|local-cluster\\[[^\\]]*\\]|spark://\\S+|yarn|k8s://\\S+");

    /** Without a master URL after it: every core of this machine, embedded. */
    static final String DEFAULT = "local[*]";

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        argSpec.setValue(!args.isEmpty() && URL.matcher(args.peek()).matches() ? args.pop() : DEFAULT);
    }
}
