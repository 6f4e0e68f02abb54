package org.entente.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import org.entente.community.AuthenticatedEndpoint;
import org.entente.community.PublicEndpoint;
import org.entente.community.RequiresPermission;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Every HTTP endpoint declares the permission it needs, or says explicitly (and why) that it is
 * public. A new endpoint without either fails the build here, before it can serve anyone.
 */
class EndpointPermissionArchitectureTest {

    private static final DescribedPredicate<JavaMethod> HANDLER = new DescribedPredicate<>("are request handlers") {
        @Override
        public boolean test(JavaMethod m) {
            return m.isAnnotatedWith(GetMapping.class) || m.isAnnotatedWith(PostMapping.class)
                    || m.isAnnotatedWith(PutMapping.class) || m.isAnnotatedWith(DeleteMapping.class)
                    || m.isAnnotatedWith(PatchMapping.class) || m.isAnnotatedWith(RequestMapping.class);
        }
    };

    private static final DescribedPredicate<JavaMethod> DECLARES_ACCESS = new DescribedPredicate<>(
            "declare @RequiresPermission, @AuthenticatedEndpoint or @PublicEndpoint (on the method or its class)") {
        @Override
        public boolean test(JavaMethod m) {
            return java.util.stream.Stream.of(RequiresPermission.class, AuthenticatedEndpoint.class, PublicEndpoint.class)
                    .anyMatch(a -> m.isAnnotatedWith(a) || m.getOwner().isAnnotatedWith(a));
        }
    };

    @Test
    void everyEndpointDeclaresItsPermissionOrThatItIsPublic() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.entente");
        ArchRule rule = methods().that(HANDLER).should(new com.tngtech.archunit.lang.ArchCondition<JavaMethod>(DECLARES_ACCESS.getDescription()) {
            @Override
            public void check(JavaMethod m, com.tngtech.archunit.lang.ConditionEvents events) {
                if (!DECLARES_ACCESS.test(m)) {
                    events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(m,
                            m.getFullName() + " declares none of @RequiresPermission, @AuthenticatedEndpoint, @PublicEndpoint"));
                }
            }
        });
        rule.check(classes);
    }

    @Test
    void theRuleCatchesAnUndeclaredEndpoint() {
        var classes = new ClassFileImporter().importClasses(Undeclared.class);
        var handlers = classes.get(Undeclared.class).getMethods().stream().filter(HANDLER).toList();
        org.assertj.core.api.Assertions.assertThat(handlers).isNotEmpty().noneMatch(DECLARES_ACCESS);
    }

    /** A controller that forgot to declare access: what the rule above must reject. */
    static class Undeclared {
        @GetMapping("/forgotten")
        String forgotten() {
            return "";
        }
    }
}
