package dev.avatar4d.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private final JavaClasses gateway =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.avatar4d.gateway");

  @Test
  void theGatewayNeverDependsOnDjl() {
    noClasses()
        .that()
        .resideInAPackage("dev.avatar4d.gateway..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.djl..")
        .because("the gateway must not load the model runtime (ARCHITECTURE.md)")
        .check(gateway);
  }

  @Test
  void theGatewaysPackagesFormNoCycle() {
    slices().matching("dev.avatar4d.gateway.(*)..").should().beFreeOfCycles().check(gateway);
  }

  @Test
  void configurationAndProblemTypesImportNoFeaturePackage() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.avatar4d.gateway.config..", "dev.avatar4d.gateway.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.avatar4d.gateway.api..",
            "dev.avatar4d.gateway.auth..",
            "dev.avatar4d.gateway.jobs..",
            "dev.avatar4d.gateway.submit..",
            "dev.avatar4d.gateway.webhooks..",
            "dev.avatar4d.gateway.events..",
            "dev.avatar4d.gateway.maintenance..",
            "dev.avatar4d.gateway.system..",
            "dev.avatar4d.gateway.admin..")
        .because("they sit at the bottom of the gateway: every feature may use them")
        .check(gateway);
  }
}
