package org.entente.console.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * Pages are rendered whole before a byte is sent: a template that fails half-way then answers a clean
 * error instead of a page cut off in the middle (which a browser would show as if it were complete).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleViews {

    @Bean
    static BeanPostProcessor wholePages() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ThymeleafViewResolver resolver) {
                    resolver.setProducePartialOutputWhileProcessing(false);
                }
                return bean;
            }
        };
    }
}
