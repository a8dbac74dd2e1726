package org.jrom.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/** One embedded {@code local[2]} context for the tests of this JVM (Spark allows one at a time), stopped at exit. */
final class LocalSpark {
    private static JavaSparkContext context;

    private LocalSpark() {}

    static synchronized JavaSparkContext context() {
        if (context == null) {
            context = SparkContexts.open("local[2]", "jrom-spark tests", List.of());
            JavaSparkContext c = context;
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
        }
        return context;
    }
}
