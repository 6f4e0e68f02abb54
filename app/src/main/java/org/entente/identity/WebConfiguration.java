package org.entente.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Installs the permission check (refusals go to the audit log as {@code ACCESS_DENIED}) and lets
 * controllers take the {@link Caller} as a parameter.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WebConfiguration.class);

    private final AuditLog audit;

    WebConfiguration(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PermissionInterceptor(this::recordDenied));
    }

    /** In a transaction of its own: the refusal stays on record whatever happens to the request. */
    private void recordDenied(Caller caller, org.entente.community.Permission missing, String request) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("permission", missing.code());
        details.put("request", request);
        PermissionInterceptor.currentAuthentication().ifPresent(a -> {
            details.put("via", a.credential().method().name().toLowerCase());
            if (a.credential().tokenId() != null) {
                details.put("tokenId", a.credential().tokenId());
            }
        });
        try {
            audit.recordIndependently(new AuditEvent(caller.username(), AuditAction.ACCESS_DENIED, request, details));
        } catch (RuntimeException e) {
            // The request is refused either way; a refusal that cannot be recorded must at least be visible.
            log.error("could not record the denial of {} to {} (missing {}) in the audit log", request,
                    caller.username(), missing.code(), e);
        }
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                          WebDataBinderFactory binders) {
                return PermissionInterceptor.currentCaller().orElseThrow(() ->
                        new IllegalStateException("no authenticated caller for " + parameter));
            }
        });
    }
}
