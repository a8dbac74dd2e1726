package org.jrom.cli;

import java.util.Map;
import java.util.Stack;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The optional MASTER of {@code --spark [MASTER]}: a value attached ({@code --spark=MASTER}) is
 * taken as given, a separate next argument only where it is a Spark master URL; otherwise {@code
 * local[*]}, so {@code jrom simulate --spark case.json} leaves the case file where it belongs
 * instead of reading it as the master.
 */
final class SparkMaster implements CommandLine.IParameterPreprocessor {
    /** The master URLs Spark's core accepts, and those of its cluster managers (refused later by Spark itself). */
    static final Pattern URL =
            Pattern.compile("local(\\[[^\\]]*\\])?|local-cluster\\[[^\\]]*\\]|spark://\\S+|yarn|k8s://\\S+");

    /** Without a master URL after it: every core of this machine, embedded. */
    static final String DEFAULT = "local[*]";

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
        // picocli's "separator" is the option's own ("=") when the value was attached, " " when not
        boolean attached = !String.valueOf(info.getOrDefault("separator", " ")).isBlank();
        if (attached || (!args.isEmpty() && URL.matcher(args.peek()).matches())) {
            return false; // picocli takes the value
        }
        argSpec.setValue(DEFAULT);
        return true;
    }
}
