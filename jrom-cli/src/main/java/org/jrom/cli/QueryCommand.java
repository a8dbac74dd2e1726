package org.jrom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jrom.JromException;
import org.jrom.fem.io.VtuWriter;
import org.jrom.io.AtomicFile;
import org.jrom.io.ModelFile;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jrom query}: one certified online query of a saved reduced model. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Answer one parameter with a saved reduced model.",
            "Prints the outputs, their certified bounds, the error bound of the state and the time the query took."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom query jrom-out/thermal-block/model.jrom \\",
            "      --mu diffusion=0.1,0.5,1,0.3,0.2,0.9,0.4,0.6,0.7",
            "  jrom query model.jrom --mu k=1,2,3,4 --mu Bi=0.1 --json",
            "  jrom query model.jrom --mu 'k=1,2,3,4;Bi=0.1'   # both in one --mu",
            "  jrom query model.jrom --mu E=1,2,5,10 --reconstruct tip.vtu"
        })
final class QueryCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A ',' followed by {@code name=}: where a ';' between two components was meant. */
    private static final Pattern COMMA_BEFORE_NAME = Pattern.compile(",(?=\\s*[^,;=\\s]+=)");

    @Parameters(index = "0", paramLabel = "MODEL", description = "The reduced model file (.jrom).")
    Path model;

    @Option(
            names = "--mu",
            required = true,
            paramLabel = "NAME=VALUES",
            description = "A parameter component and its values, separated by commas; repeat for each component (or"
                    + " join them with ';').")
    List<String> mu;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(
            names = "--allow-extrapolation",
            description = "Answer parameters outside the model's parameter space, with a warning.")
    boolean allowExtrapolation;

    @Option(
            names = "--reconstruct",
            paramLabel = "FILE.vtu",
            description = "Also write the reduced field V u_N(mu) on the mesh as VTU (the model must carry its basis"
                    + " and mesh, as the demos' models do).")
    Path reconstruct;

    @Option(
            names = "--entries",
            paramLabel = "CSV",
            description = "For a model of a non-affine operator (built from operator_samples): the entries of A(mu)"
                    + " (and f(mu)) at its magic entries, a header A[i][j] (f[i]) naming them and one row of values (jrom info lists"
                    + " them).")
    Path entries;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        AtomicFile.protect(List.of(model), this::query); // --reconstruct must not replace the model
    }

    private void query() {
        // The basis and the mesh are read (and checked) only when a field is asked for.
        ModelFile.Contents contents = reconstruct != null ? ModelFile.load(model) : ModelFile.loadForQueries(model);
        OnlineModel rom = contents.online();
        FieldLayout layout = null;
        if (reconstruct != null) {
            if (rom.basis().isEmpty()) {
                throw new JromException(model + " does not carry its reduced basis, so it cannot reconstruct fields");
            }
            layout = FieldLayout.from(contents.attachments())
                    .orElseThrow(() -> new JromException(
                            model + " carries no mesh, so it cannot write a VTU field (models from jrom demo do)"));
            if (layout.constraint().freeDim() != rom.basis().get().dim()) {
                throw new JromException(
                        model + ": the mesh layout has " + layout.constraint().freeDim() + " free dofs, the basis "
                                + rom.basis().get().dim());
            }
            if (Files.isDirectory(reconstruct.toAbsolutePath().getParent())) {
                AtomicFile.check(reconstruct); // refused before any work; a missing folder holds nothing to refuse
            }
        }
        ParameterSpace space = rom.parameterSpace();
        Parameter p = parseMu(space.type(), mu);
        rom = Entries.bind(rom, entries, List.of(p), "--mu");
        boolean inside = Extrapolation.admit(
                rom, p, allowExtrapolation, spec.commandLine().getErr());
        // The time of this one query in a cold JVM (interpreted code): what this call cost. The
        // steady-state time, after JIT compilation, is what jrom batch and jrom uq report.
        long t0 = System.nanoTime();
        OnlineSolution s = inside ? rom.solve(p) : rom.solveExtrapolated(p);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (layout != null) {
            double[] field = layout.nodal(rom.reconstruct(s.coefficients()), rom.rhsCoefficientValues(p));
            VtuWriter vtu = VtuWriter.of(layout.mesh())
                    .vectorField(
                            layout.components() == 1 ? "u_rom" : "displacement_rom", layout.vtkComponents(), field);
            // the folder is made only now, after every check and the answer: a refused query changes nothing
            OutputDirectory.prepare(reconstruct.toAbsolutePath().getParent());
            AtomicFile.check(reconstruct);
            AtomicFile.write(reconstruct, vtu::writeTo);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(p, s, rom, seconds));
        } else {
            out.printf("parameter    %s%n", p);
            TextTable table = new TextTable("output", "value", ErrorWording.column(rom));
            s.outputs()
                    .forEach((name, v) -> table.row(
                            name, full(v), TextTable.sci(s.outputErrors().get(name))));
            table.print(out);
            out.printf(
                    rom.errorFigures().bounds()
                            ? "%n" + (rom.certified() ? "error bound" : "error bound (not certified)")
                                    + "  ||u - u_N||_X <= %s (relative %s), basis size %d; the query took %s (cold"
                                    + " JVM)%n"
                            : "%nerror estimate  ||u - u_N|| ~ %s (relative %s, an estimate, not a bound), basis"
                                    + " size %d; the query took %s (cold JVM)%n",
                    TextTable.sci(s.error()),
                    TextTable.sci(s.relativeError()),
                    rom.dim(),
                    Speedup.time(seconds));
        }
        out.flush();
        ErrorWording.note(rom, spec.commandLine().getErr());
    }

    /**
     * The parameter the {@code --mu} options give. A comma before a component's name ({@code
     * a=0.5,b=0.05}) reads as a value of the previous component; the error then shows the ';' form.
     */
    static Parameter parseMu(ParameterType type, List<String> mu) {
        try {
            return Parameter.parse(type, String.join(";", mu));
        } catch (ParameterException e) {
            String hint = "";
            for (String m : mu) {
                String fixed = COMMA_BEFORE_NAME.matcher(m).replaceAll(";");
                if (!fixed.equals(m)) {
                    // quoted: an unquoted ';' would end the shell command
                    hint = "; components are separated by ';', not ',': did you mean --mu '" + fixed + "'?";
                    break;
                }
            }
            throw new ParameterException("--mu: " + e.getMessage() + hint);
        }
    }

    /**
     * The object DESIGN.md specifies: mu, outputs, output_bounds, error_bound, basis_size, time_us;
     * for a model whose figures are estimates, output_errors and error_estimate instead of the
     * bounds; for a model that is not certified, {@code "certified": false} and what its figures
     * rest on.
     */
    static String toJson(Parameter mu, OnlineSolution s, OnlineModel rom, double seconds) {
        boolean bounds = rom.errorFigures().bounds();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode m = root.putObject("mu");
        for (String name : mu.type().names()) {
            double[] v = mu.get(name);
            if (v.length == 1) {
                m.put(name, v[0]);
            } else {
                ArrayNode a = m.putArray(name);
                for (double x : v) {
                    a.add(x);
                }
            }
        }
        ObjectNode outputs = root.putObject("outputs");
        s.outputs().forEach(outputs::put);
        ObjectNode errors = root.putObject(bounds ? "output_bounds" : "output_errors");
        s.outputErrors().forEach(errors::put);
        root.put(bounds ? "error_bound" : "error_estimate", s.error());
        if (!rom.certified()) {
            root.put("certified", false);
            root.put("error_figures_rest_on", rom.errorFigures().restsOn());
        }
        root.put("basis_size", rom.dim());
        root.put("time_us", Math.round(seconds * 1e9) / 1e3);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the query result: " + e.getMessage(), e);
        }
    }

    private static String full(double v) {
        return String.format(Locale.ROOT, "%.12e", v);
    }
}
