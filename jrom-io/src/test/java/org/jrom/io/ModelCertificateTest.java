package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.data.Percentage;
import org.jrom.algorithms.ExpressionBound;
import org.jrom.models.Certificate;
import org.jrom.models.ErrorFigures;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.parameters.Parameter;
import org.jrom.reductors.ResidualNormEvaluation;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate in the model file (format 2.1): what the bounds rest on survives writing and
 * reading, files written before it get theirs from the validation note, and a file cannot claim
 * a proven coercivity bound for one the modeller gave.
 */
class ModelCertificateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RodModel.Variant MIN_THETA =
            new RodModel.Variant(ResidualNormEvaluation.ORTHONORMAL, true, true, true);

    @Test
    void theCertificateAndTheBoundsItRaisesSurviveTheFile() throws Exception {
        ReducedModel rom = RodModel.reduced(MIN_THETA);
        Certificate c = rom.certificate()
                .withValidation(new Certificate.Validation(20, 3, 5, 0))
                .withTruthAccuracy(1e-13)
                .withComplianceAccuracy(1e-15);
        ReducedModel certified = rom.withCertificate(c);
        assertThat(certified.errorFigures().standing()).isEqualTo(ErrorFigures.Standing.CERTIFIED);
        Path file = dir.resolve("certified.jrom");
        ModelFile.write(certified, file, Provenance.current());
        ModelFile.Contents read = ModelFile.load(file);
        assertThat(read.format()).isEqualTo(ModelFile.FORMAT);
        ReducedModel back = (ReducedModel) read.online();
        // the bound's description is rebuilt from its arrays, the rest is stored
        assertThat(back.certificate())
                .isEqualTo(new Certificate(true, back.coercivityBound().describe(), c.validation(), 1e-13, 1e-15));
        for (Parameter mu : RodModel.parameters(5, 7)) {
            ReducedSolution a = certified.solve(mu);
            ReducedSolution b = back.solve(mu);
            assertThat(b.errorBound()).isEqualTo(a.errorBound());
            assertThat(b.outputBounds()).isEqualTo(a.outputBounds());
            // the measured truth accuracy raises the bound: (Delta_0 + eps ||u_N||) / (1 - eps)
            ReducedSolution raw = rom.solve(mu);
            assertThat(a.errorBound()).isGreaterThan(raw.errorBound());
            assertThat(a.errorBound())
                    .isCloseTo((raw.errorBound() + 1e-13 * raw.norm()) / (1 - 1e-13), Percentage.withPercentage(1e-9));
            // a compliant output adds the smaller of ||f|| (Delta - Delta_0) and eta_c (||u_N|| + Delta)^2
            certified.outputs().forEach((name, o) -> {
                assertThat(o.compliant()).isTrue();
                double viaState = o.dualNorm() * (a.errorBound() - raw.errorBound());
                double u = a.norm() + a.errorBound();
                assertThat(a.outputBounds().get(name) - raw.outputBounds().get(name))
                        .isCloseTo(
                                Math.min(viaState, 1e-15 * u * u),
                                Percentage.withPercentage(1e-3)); // a difference of bounds
            });
        }
    }

    @Test
    void aFileOfFormat20TakesItsValidationFromTheProvenanceNote() {
        // written by jrom at a38086f: jrom demo elasticity --blocks 2 --resolution 4, 10 test parameters
        Path file = Path.of("src/test/resources/org/jrom/io/formats/2.0-elasticity.jrom");
        ModelFile.Contents read = ModelFile.load(file);
        assertThat(read.format()).isEqualTo("jrom-model/2.0");
        Certificate c = ((ReducedModel) read.online()).certificate();
        assertThat(c.coercivityProven()).isTrue();
        assertThat(c.validation()).hasValue(new Certificate.Validation(10, 4, 7, 0));
        assertThat(c.truthAccuracy()).isZero();
        assertThat(read.online().certified()).isTrue();
    }

    @Test
    void withoutCertificateOrNoteTheBoundsAreNotValidated() throws Exception {
        Path file = manifestVariant("no-certificate", m -> m.remove("certificate"));
        ReducedModel rom = ModelFile.read(file);
        assertThat(rom.certificate().validation()).isEmpty();
        assertThat(rom.errorFigures().standing()).isEqualTo(ErrorFigures.Standing.BOUND);
        assertThat(rom.errorFigures().restsOn()).contains("not validated");
    }

    @Test
    void aModellerGivenBoundIsNeverCertified() throws Exception {
        ReducedModel rom = RodModel.reduced(MIN_THETA, ExpressionBound.of(RodModel.TYPE, "0.05"));
        ReducedModel validated =
                rom.withCertificate(rom.certificate().withValidation(new Certificate.Validation(20, 3, 5, 0)));
        assertThat(validated.certificate().coercivityProven()).isFalse();
        assertThat(validated.errorFigures().standing()).isEqualTo(ErrorFigures.Standing.BOUND);
        assertThat(validated.errorFigures().restsOn())
                .contains("alpha_LB(mu) = 0.05 (given by the modeller, not proven by jrom)")
                .contains("validation passed");
        ReducedModel failed =
                rom.withCertificate(rom.certificate().withValidation(new Certificate.Validation(20, 3, 5, 4)));
        assertThat(failed.errorFigures().standing()).isEqualTo(ErrorFigures.Standing.ESTIMATE);
        assertThat(failed.errorFigures().restsOn()).contains("below the true error 4 times");
    }

    @Test
    void aFileCannotClaimWhatItsBoundIsNot() throws Exception {
        Path given = manifestVariant("claims-given", m -> certificate(m).put("coercivity", "given"));
        ModelFileRejectionTest.assertRejected(given, "certificate.coercivity", "'given' contradicts", "min-theta");
        Path word = manifestVariant("claims-other", m -> certificate(m).put("coercivity", "surely"));
        ModelFileRejectionTest.assertRejected(word, "certificate.coercivity", "'proven' or 'given'");
        for (String bad : new String[] {"-1e-3", "0.5", "NaN"}) {
            Path file = manifestVariant(
                    "accuracy-" + bad, m -> certificate(m).put("truth_accuracy", Double.parseDouble(bad)));
            ModelFileRejectionTest.assertRejected(file, "certificate.truth_accuracy");
        }
        Path violations = manifestVariant("violations", m -> certificate(m)
                .putObject("validation")
                .put("test_parameters", 0)
                .put("seed", 1)
                .put("basis_sizes", 3)
                .put("violations", 0));
        ModelFileRejectionTest.assertRejected(violations, "certificate.validation", "at least 1");
    }

    @TempDir
    static Path dir;

    /** A copy of a valid file with its manifest edited. */
    private static Path manifestVariant(String name, Consumer<ObjectNode> edit) throws Exception {
        Path valid = dir.resolve("valid.jrom");
        if (!Files.exists(valid)) {
            ModelFile.write(RodModel.reduced(MIN_THETA), valid, Provenance.current());
        }
        List<Npz.Entry> entries = new ArrayList<>();
        for (Npz.Entry e : Npz.readEntries(valid)) {
            if (e.name().equals("manifest.json")) {
                ObjectNode m = (ObjectNode) JSON.readTree(e.bytes());
                edit.accept(m);
                entries.add(new Npz.Entry(e.name(), JSON.writeValueAsBytes(m)));
            } else {
                entries.add(e);
            }
        }
        Path file = dir.resolve(name + ".jrom");
        try (OutputStream out = Files.newOutputStream(file)) {
            Npz.writeEntries(out, entries, false);
        }
        return file;
    }

    private static ObjectNode certificate(ObjectNode manifest) {
        return (ObjectNode) manifest.get("certificate");
    }
}
