package org.entente.identity;

import org.entente.community.AuthenticatedEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.entente.community.Permission;
import org.entente.community.PublicEndpoint;
import org.entente.community.RequiresPermission;
import org.entente.federation.PeerEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * Every HTTP endpoint declares who may call it: {@link RequiresPermission} with a known permission,
 * {@link AuthenticatedEndpoint}, {@link PublicEndpoint} or {@link PeerEndpoint} (peer nodes on the federation
 * port), exactly one, on the method or its class.
 * Checked twice: statically over the production classes (so it fails even for a controller no test
 * starts), and over the running node's actual request mappings (so nothing registered slips by).
 */
class EndpointAccessRuleTest extends org.entente.support.RunningNode {

    private static final String REQUEST_MAPPING = "org.springframework.web.bind.annotation.RequestMapping";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyControllerMethodOfTheNodeDeclaresItsAccessRule() {
        JavaClasses classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("org.entente");

        ArchRuleDefinition.methods()
                .that().areMetaAnnotatedWith(REQUEST_MAPPING)
                .should(declareExactlyOneAccessRule())
                .because("PermissionInterceptor refuses endpoints without one, and an accidental public endpoint is a breach")
                .check(classes);
    }

    @Test
    void everyMappedEndpointOfTheRunningNodeDeclaresItsAccessRule() {
        List<String> undeclared = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod method = e.getValue();
            if (!method.getBeanType().getName().startsWith("org.entente.")) {
                continue; // the framework's error controller: reached only by error dispatches of checked requests
            }
            checked++;
            try {
                if (PermissionInterceptor.rule(method).isEmpty()) {
                    undeclared.add(e.getKey() + " -> " + method);
                }
            } catch (IllegalStateException ex) {
                undeclared.add(e.getKey() + " -> " + ex.getMessage());
            }
        }
        assertThat(checked).as("endpoints found").isGreaterThan(10);
        assertThat(undeclared).as("endpoints without exactly one valid access rule").isEmpty();
    }

    private static ArchCondition<JavaMethod> declareExactlyOneAccessRule() {
        return new ArchCondition<>("declare exactly one of @RequiresPermission (with a known permission),"
                + " @AuthenticatedEndpoint, @PublicEndpoint or @PeerEndpoint on the method or its class") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                int onMethod = count(method.isAnnotatedWith(RequiresPermission.class), method.isAnnotatedWith(AuthenticatedEndpoint.class),
                        method.isAnnotatedWith(PublicEndpoint.class), method.isAnnotatedWith(PeerEndpoint.class));
                var owner = method.getOwner();
                int onClass = count(owner.isAnnotatedWith(RequiresPermission.class), owner.isAnnotatedWith(AuthenticatedEndpoint.class),
                        owner.isAnnotatedWith(PublicEndpoint.class), owner.isAnnotatedWith(PeerEndpoint.class));
                String where = method.getFullName();
                if (onMethod > 1 || onClass > 1) {
                    events.add(SimpleConditionEvent.violated(method, where + " declares more than one access rule"));
                } else if (onMethod == 0 && onClass == 0) {
                    events.add(SimpleConditionEvent.violated(method, where + " declares no access rule"));
                }
                String permission = onMethod == 1 ? method.tryGetAnnotationOfType(RequiresPermission.class).map(RequiresPermission::value).orElse(null)
                        : onClass == 1 ? owner.tryGetAnnotationOfType(RequiresPermission.class).map(RequiresPermission::value).orElse(null)
                        : null;
                if (permission != null && Permission.byCode(permission).isEmpty()) {
                    events.add(SimpleConditionEvent.violated(method, where + " requires the unknown permission '" + permission + "'"));
                }
            }
        };
    }

    private static int count(boolean... declared) {
        int n = 0;
        for (boolean d : declared) {
            n += d ? 1 : 0;
        }
        return n;
    }
}
