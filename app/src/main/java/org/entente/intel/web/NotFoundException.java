package org.entente.intel.web;

/** Nothing there, or nothing the caller may see: both answer the same 404. */
class NotFoundException extends RuntimeException {
    NotFoundException(String what) {
        super("no object " + what);
    }
}
