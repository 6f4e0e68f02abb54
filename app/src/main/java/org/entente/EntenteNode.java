package org.entente;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring Boot application of a node: started by {@code entente up}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EntenteNode {
}
