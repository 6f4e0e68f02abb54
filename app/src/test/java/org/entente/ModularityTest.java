package org.entente;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Keeps the feature modules honest: no cycles, no reaching into another module's internals. */
class ModularityTest {

    // The STIX library, the TAXII client and the OSINT library share the base package but are plain libraries
    // (no Spring), not application modules (the client's org.entente.taxii.client would otherwise count as inside
    // 'taxii', the OSINT library's packages as inside the node's 'osint' module).
    static final ApplicationModules MODULES = ApplicationModules.of(EntenteNode.class,
            JavaClass.Predicates.resideInAnyPackage("org.entente.stix..", "org.entente.taxii.client..",
                    "org.entente.osint.extract..", "org.entente.osint.analysis.."));

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
