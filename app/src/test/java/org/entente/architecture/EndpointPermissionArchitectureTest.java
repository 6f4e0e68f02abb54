package org.entente.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import org.entente.community.AuthenticatedEndpoint;
import org.entente.community.PublicEndpoint;
import org.entente.community.RequiresPermission;
import org.entente.federation.PeerEndpoint;
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
            "declare @RequiresPermission, @AuthenticatedEndpoint, @PublicEndpoint or @PeerEndpoint (on the method or its class)") {
        @Override
        public boolean test(JavaMethod m) {
            return java.util.stream.Stream.of(RequiresPermission.class, AuthenticatedEndpoint.class, PublicEndpoint.class,
                            PeerEndpoint.class)
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
                            m.getFullName() + " declares none of @RequiresPermission, @AuthenticatedEndpoint, @PublicEndpoint,"
                                    + " @PeerEndpoint"));
                }
            }
        });
        rule.check(classes);
    }

    /** Whether a handler declares {@code @PeerEndpoint}, on itself or its class. */
    private static boolean peer(JavaMethod m) {
        return m.isAnnotatedWith(PeerEndpoint.class) || m.getOwner().isAnnotatedWith(PeerEndpoint.class);
    }

    /** Every path a handler is mapped to: its class's mapping(s) joined with its own. */
    static java.util.List<String> paths(JavaMethod m) {
        java.util.List<String> prefixes = m.getOwner().tryGetAnnotationOfType(RequestMapping.class)
                .map(r -> mappings(r.value(), r.path())).orElse(java.util.List.of(""));
        java.util.List<String> own = java.util.stream.Stream.of(
                        m.tryGetAnnotationOfType(GetMapping.class).map(a -> mappings(a.value(), a.path())),
                        m.tryGetAnnotationOfType(PostMapping.class).map(a -> mappings(a.value(), a.path())),
                        m.tryGetAnnotationOfType(PutMapping.class).map(a -> mappings(a.value(), a.path())),
                        m.tryGetAnnotationOfType(DeleteMapping.class).map(a -> mappings(a.value(), a.path())),
                        m.tryGetAnnotationOfType(PatchMapping.class).map(a -> mappings(a.value(), a.path())),
                        m.tryGetAnnotationOfType(RequestMapping.class).map(a -> mappings(a.value(), a.path())))
                .flatMap(java.util.Optional::stream).flatMap(java.util.List::stream).toList();
        java.util.List<String> suffixes = own.isEmpty() ? java.util.List.of("") : own;
        return prefixes.stream().flatMap(p -> suffixes.stream().map(x -> p + x)).toList();
    }

    private static java.util.List<String> mappings(String[] value, String[] path) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(value));
        all.addAll(java.util.List.of(path));
        return all.isEmpty() ? java.util.List.of("") : all;
    }

    static boolean underFederation(String path) {
        return path.equals("/federation") || path.startsWith("/federation/");
    }

    /**
     * Peer endpoints and user endpoints never mix: a handler under {@code /federation/} is a
     * {@code @PeerEndpoint} and declares nothing else (no user permission can open it), and a
     * {@code @PeerEndpoint} is mapped only under {@code /federation/} (the only paths the federation port serves).
     */
    @Test
    void peerEndpointsAreExactlyTheFederationPaths() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.entente");
        ArchRule rule = methods().that(HANDLER).should(federationRule());
        rule.check(classes);
    }

    private static com.tngtech.archunit.lang.ArchCondition<JavaMethod> federationRule() {
        return new com.tngtech.archunit.lang.ArchCondition<>("be @PeerEndpoint exactly when mapped under /federation/") {
            @Override
            public void check(JavaMethod m, com.tngtech.archunit.lang.ConditionEvents events) {
                java.util.List<String> paths = paths(m);
                boolean federation = paths.stream().anyMatch(EndpointPermissionArchitectureTest::underFederation);
                boolean others = paths.stream().anyMatch(p -> !underFederation(p));
                boolean userRule = java.util.stream.Stream.of(RequiresPermission.class, AuthenticatedEndpoint.class, PublicEndpoint.class)
                        .anyMatch(a -> m.isAnnotatedWith(a) || m.getOwner().isAnnotatedWith(a));
                if (federation && (!peer(m) || userRule || others)) {
                    events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(m, m.getFullName() + " is mapped to "
                            + paths + ": handlers under /federation/ must be @PeerEndpoint only, and only under /federation/"));
                }
                if (peer(m) && (!federation || others)) {
                    events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(m, m.getFullName()
                            + " is @PeerEndpoint but mapped to " + paths + " outside /federation/"));
                }
            }
        };
    }

    @Test
    void theFederationRuleCatchesMixUps() {
        var classes = new ClassFileImporter().importClasses(Undeclared.class, PeerOutside.class, UserInside.class);
        for (Class<?> c : new Class<?>[] {PeerOutside.class, UserInside.class}) {
            var events = com.tngtech.archunit.lang.ConditionEvents.Factory.create();
            classes.get(c).getMethods().stream().filter(HANDLER).forEach(m -> federationRule().check(m, events));
            org.assertj.core.api.Assertions.assertThat(events.containViolation()).as(c.getSimpleName()).isTrue();
        }
    }

    @PeerEndpoint(because = "test")
    static class PeerOutside {
        @GetMapping("/api/v1/peer-thing")
        String thing() {
            return "";
        }
    }

    @RequestMapping("/federation/v1")
    static class UserInside {
        @GetMapping("/thing")
        @RequiresPermission("intel.read")
        String thing() {
            return "";
        }
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
