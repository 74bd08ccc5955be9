package dev.specter.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No package of the main code depends on itself through others: a package that needs one above it
 * says that its classes are in the wrong place (docs/architecture.md, "Packages").
 */
class PackageCyclesTest {
    /** Main code of every module (as classes or jars); test classes and test-jars are left out. */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.matches(Pattern.compile(".*-tests\\.jar.*")))
            .importPackages("dev.specter");

    @Test
    void everyModuleIsRead() {
        assertThat(MAIN.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.specter.reconcile", "dev.specter.store.sql", "dev.specter.cloud.sim",
                        "dev.specter.cloud.ec2", "dev.specter.metric.cloudwatch", "dev.specter.metric.prometheus",
                        "dev.specter.control", "dev.specter.api.phantom");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.specter.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
