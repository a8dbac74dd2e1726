package org.jrom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.algorithms.CoercivityBound;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.Mesh;
import org.jrom.fem.io.GmshReader;
import org.jrom.fem.io.VtuReader;
import org.jrom.io.AffineManifest;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrom build}: a certified reduced model of an external solver's problem. From a {@code
 * jrom-affine/1} manifest (its matrices in Matrix Market files) it runs the same pipeline as the
 * demos: weak greedy, validation against high-fidelity solves, speedup, Monte Carlo, model file,
 * plots and report.
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Build, certify, validate and save a reduced model of an external solver's problem,",
            "described by a jrom-affine/1 manifest that names its matrices (docs/formats.md).",
            "Writes model.jrom, PNG plots, report.md and index.html (and solutions.vtu with a mesh)."
        },
        footer = {
            "",
            "Examples:",
            "  jrom build --from problem/manifest.json",
            "  jrom build --from manifest.json --tol 1e-8 --estimator EIM --out /tmp/rom",
            "  jrom demo thermal-block --export tb && jrom build --from tb/manifest.json"
        })
final class BuildCommand implements Runnable {
    @Option(
            names = "--from",
            required = true,
            paramLabel = "MANIFEST",
            description = "The jrom-affine/1 manifest (JSON) of the problem.")
    Path manifest;

    @CommandLine.Mixin
    ReductionOptions options = new ReductionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        options.apply();
        String stem = stem(manifest);
        Path dir = options.out != null ? options.out : Path.of("jrom-out", stem);
        long start = System.nanoTime();
        PhaseTimer timer = new PhaseTimer();
        TerminalProgress progress = TerminalProgress.forStderr();
        AffineManifest m = timer.time("high-fidelity model", () -> AffineManifest.read(manifest));
        DemoCommand.prepareDirectory(dir); // after the manifest checked out, so a bad one leaves nothing
        Optional<FieldLayout> layout =
                m.mesh().map(file -> layout(file, m.model().dim()));
        List<Parameter> train =
                m.trainingSet().orElseGet(() -> Sampler.random(m.parameterSpace(), options.training, options.seed));
        String trainingSource =
                m.trainingSet().isPresent() ? "from the manifest" : "uniform random, seed " + options.seed;
        CoercivityBound coercivity = timer.time("high-fidelity model", () -> m.coercivityBound(train, progress));
        Set<String> compliant = new LinkedHashSet<>();
        Set<String> primalDual = new LinkedHashSet<>();
        m.outputs().forEach((name, method) -> {
            if (method == AffineManifest.OutputMethod.COMPLIANT) {
                compliant.add(name);
            } else if (method == AffineManifest.OutputMethod.PRIMAL_DUAL) {
                primalDual.add(name);
            }
        });
        List<String[]> settings = new ArrayList<>();
        settings.add(new String[] {"manifest", manifest.toString()});
        m.outputs().forEach((name, method) -> settings.add(new String[] {"output " + name, method.name()}));
        ReductionRun.Problem problem = new ReductionRun.Problem(
                stem,
                "jrom build " + manifest.getFileName(),
                m.model(),
                m.product(),
                coercivity,
                m.description(),
                compliant,
                primalDual,
                layout,
                "u",
                settings,
                Map.of("manifest", manifest.toAbsolutePath().normalize().toString()));
        new ReductionRun(
                        problem,
                        options,
                        train,
                        trainingSource,
                        dir,
                        spec.commandLine().getOut(),
                        timer,
                        progress)
                .execute(start);
    }

    /** The manifest's directory name when it is called manifest.json, else its own name without .json. */
    static String stem(Path manifest) {
        Path abs = manifest.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        if (name.equals("manifest.json")
                && abs.getParent() != null
                && abs.getParent().getFileName() != null) {
            return abs.getParent().getFileName().toString();
        }
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    /**
     * The layout of an external field on its mesh: {@code components} values per node, node by node,
     * unknown i at full dof {@code dofs[i]} (all dofs free when the manifest gives no map).
     */
    static FieldLayout layout(AffineManifest.MeshLayout spec, int dim) {
        Path file = spec.file();
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Mesh mesh = name.endsWith(".vtu") ? VtuReader.read(file).mesh() : GmshReader.read(file);
        int full = mesh.numNodes() * spec.components();
        if (spec.dofs() == null) {
            if (full != dim) {
                throw new JromException(file + ": the mesh has " + mesh.numNodes() + " nodes x " + spec.components()
                        + " components = " + full + " values, but the model has " + dim
                        + " unknowns; give \"dofs\" in the manifest's mesh section when some are eliminated");
            }
            return new FieldLayout(mesh, new DirichletConstraint(full, new int[0]), spec.components());
        }
        boolean[] free = new boolean[full];
        for (int i = 0; i < dim; i++) {
            int d = spec.dofs()[i];
            if (d >= full || free[d]) {
                throw new JromException(file + ": unknown " + i + " maps to dof " + d + ", which is "
                        + (d >= full ? "beyond the mesh's " + full + " values" : "taken by another unknown"));
            }
            free[d] = true;
        }
        int[] fixed = new int[full - dim];
        for (int i = 0, k = 0; i < full; i++) {
            if (!free[i]) {
                fixed[k++] = i;
            }
        }
        DirichletConstraint constraint = new DirichletConstraint(full, fixed);
        // the constraint orders free dofs increasingly; the manifest's map must agree with it
        for (int i = 1; i < dim; i++) {
            if (spec.dofs()[i] <= spec.dofs()[i - 1]) {
                throw new JromException(file + ": the dof map must list increasing dofs (unknown " + i + " maps to "
                        + spec.dofs()[i] + " after " + spec.dofs()[i - 1] + ")");
            }
        }
        return new FieldLayout(mesh, constraint, spec.components());
    }
}
