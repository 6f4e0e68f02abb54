package org.entente.community;

import java.util.Arrays;
import java.util.Optional;

/** A participant's standing in the community. */
public enum Tier {
    MEMBER("member"), OBSERVER("observer"), DIALOGUE_PARTNER("dialogue-partner");

    private final String code;

    Tier(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Tier> byCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
