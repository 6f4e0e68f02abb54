package org.entente.intel.web;

/**
 * Nothing there, or nothing the caller may see: both answer the same 404, whose detail does not even
 * echo the id asked for.
 */
class NotFoundException extends RuntimeException {
    NotFoundException(String ignoredId) {
        super("No such object.");
    }
}
