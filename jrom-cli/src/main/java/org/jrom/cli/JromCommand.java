package org.jrom.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.jrom.JromException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code jrom} command: builds, inspects and queries certified reduced-order models. */
@Command(
        name = "jrom",
        mixinStandardHelpOptions = true,
        versionProvider = JromCommand.Version.class,
        description = "Certified reduced-order models for parametrized PDEs.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom demo thermal-block       # build, certify and save a reference model",
            "  jrom query jrom-out/thermal-block/model.jrom \\",
            "      --mu diffusion=0.1,0.5,1,0.3,0.2,0.9,0.4,0.6,0.7",
            "  jrom info                     # the Java runtime, BLAS backend and threads",
            "  jrom query --help             # the options and examples of one command"
        })
public final class JromCommand implements Runnable {
    /** Exit code for bad input or a failed computation with a readable message. */
    static final int EXIT_USER_ERROR = 2;

    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            DemoCommand.class,
            BuildCommand.class,
            QueryCommand.class,
            BatchCommand.class,
            UqCommand.class,
            InfoCommand.class,
            StudyCommand.class,
            SimulateCommand.class,
            RunCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = "--debug", description = "Print stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --threads} (its range checked by {@link OptionRange}), defaulting to every available processor. */
    static int workers(Integer threads) {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * What the running command is doing, for the one line an {@link OutOfMemoryError} gets: the task
     * {@link TerminalProgress} shows, or null between tasks. A task cut short keeps it: the error
     * that cut it short reads it.
     */
    static volatile String activity;

    /** Runs the command line and returns the exit code (0 success, 2 user error). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        JromCommand root = new JromCommand();
        // Picocli builds the model of every subcommand it is given, by reflection: about 20 ms each
        // in a cold JVM. A run of one subcommand (jrom query ...) gets only that one; help,
        // completion and anything else get them all.
        Class<?> only = null;
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                String name = c.getAnnotation(Command.class).name();
                if (name.equals(args[0]) && !name.equals("help") && !name.equals("completion")) {
                    only = c;
                }
            }
        }
        return run(root, commandLine(root, only != null ? List.<Class<?>>of(only) : SUBCOMMANDS), args, out, err);
    }

    /**
     * Runs {@code args} on {@code cmd}, the command line of {@code root}: option ranges checked first,
     * every error one line on {@code err} (tests give it commands of their own).
     */
    static int run(JromCommand root, CommandLine cmd, String[] args, PrintWriter out, PrintWriter err) {
        cmd.setOut(out);
        cmd.setErr(err);
        activity = null;
        cmd.setExecutionStrategy(parsed -> {
            OptionRange.check(parsed);
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (OutOfMemoryError e) {
                // picocli passes errors through; the heap is free again once the work is unwound
                return report(outOfMemory(parsed, e), root.debug || isDebug(args), err);
            }
        });
        cmd.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> report(ex, root.debug || isDebug(args), err));
        cmd.setParameterExceptionHandler((ex, argv) -> {
            err.println("jrom: " + ex.getMessage() + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_USER_ERROR;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** One line for {@code ex} on {@code err} (a stack trace before it with --debug); the exit code. */
    private static int report(Throwable ex, boolean debug, PrintWriter err) {
        if (debug) {
            ex.printStackTrace(err);
        }
        String message =
                ex instanceof JromException ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        boolean cut = false;
        if (!debug && message != null && message.contains("\n")) { // a library's (Spark's names its call sites)
            message = message.lines().findFirst().orElse("");
            cut = true;
        }
        err.println("jrom: " + message + (debug || !(cut || hasDetails(ex)) ? "" : " (run with --debug for details)"));
        err.flush();
        return EXIT_USER_ERROR;
    }

    /** An out-of-memory error as a jrom error naming the command and its task at the time. */
    private static JromException outOfMemory(CommandLine.ParseResult parsed, OutOfMemoryError e) {
        CommandLine.ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        String task = activity;
        return new JromException(
                "out of memory while running " + last.commandSpec().qualifiedName()
                        + (task != null ? " (" + task + ")" : "") + "; give the JVM more with JROM_JAVA_OPTS=-Xmx8g",
                e);
    }

    /** The command line of {@code root} with {@code subcommands}, its help laid out by {@link HelpSections}. */
    static CommandLine commandLine(JromCommand root, List<Class<?>> subcommands) {
        CommandLine cmd = new CommandLine(root);
        for (Class<?> c : subcommands) {
            cmd.addSubcommand(c);
        }
        HelpSections.install(cmd);
        return cmd;
    }

    /**
     * Whether {@code --debug} would show more than the message: the stack trace of an unexpected
     * exception, or the cause of a jrom error. A jrom error without a cause says all it knows.
     */
    static boolean hasDetails(Throwable ex) {
        return !(ex instanceof JromException) || ex.getCause() != null;
    }

    private static boolean isDebug(String[] args) {
        for (String a : args) {
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err));
    }

    /** The version from the build, with the runtime it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "jrom " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }

    /** The jrom version this jar was built as. */
    static String version() {
        try (InputStream in = JromCommand.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
