package dev.avatar4d.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private final JavaClasses gateway = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.avatar4d.gateway");

  @Test
  void the_gateway_never_depends_on_djl() {
    noClasses().that().resideInAPackage("dev.avatar4d.gateway..")
        .should().dependOnClassesThat().resideInAPackage("ai.djl..")
        .because("the gateway must not load the model runtime (ARCHITECTURE.md)")
        .check(gateway);
  }
}
