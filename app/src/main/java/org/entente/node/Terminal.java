package org.entente.node;

import java.io.Console;

/**
 * Whether standard output is a person's terminal. Secrets generated at start (the administrator's
 * token, the demo users' tokens) are printed only there: when output goes to a file, a pipe, a
 * container runtime or journald, it ends up in log storage, so they are only written to the owner-only
 * files in the home and the output says where.
 */
public final class Terminal {

    private Terminal() {
    }

    public static boolean interactive() {
        if (Boolean.getBoolean("entente.terminal")) {
            return true; // tests and wrappers that know better
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Java 22+: System.console() exists even when redirected; isTerminal() tells
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }
}
