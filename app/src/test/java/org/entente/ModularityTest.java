package org.entente;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Keeps the feature modules honest: no cycles, no reaching into another module's internals. */
class ModularityTest {

    // The STIX library shares the base package but is a plain library (no Spring), not an application module.
    static final ApplicationModules MODULES = ApplicationModules.of(EntenteNode.class,
            JavaClass.Predicates.resideInAPackage("org.entente.stix.."));

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
