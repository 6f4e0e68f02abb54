package org.entente.intel;

/** An audience naming a task force, participant or organisation the community does not have (400). */
public class UnknownRecipient extends RuntimeException {

    private final String field;

    public UnknownRecipient(String field, long id) {
        super("no " + field.replace('_', ' ') + " with id " + id + " in this community");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
