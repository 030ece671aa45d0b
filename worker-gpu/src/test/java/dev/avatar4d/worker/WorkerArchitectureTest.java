package dev.avatar4d.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The worker's shape: it needs only Kafka and the object store (ARCHITECTURE.md), its sub-packages
 * form no cycle, and none of them reaches back up to the root package (the composition root, {@code
 * WorkerMain}), which would be a cycle through it.
 */
class WorkerArchitectureTest {
  private static final String ROOT = "dev.avatar4d.worker";

  private final JavaClasses worker =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void theWorkerNeverTouchesJdbc() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "org.flywaydb..")
        .check(worker);
  }

  @Test
  void theWorkersPackagesFormNoCycle() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(worker);
  }

  @Test
  void onlyTheCompositionRootDependsOnTheRootPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .check(worker);
  }
}
