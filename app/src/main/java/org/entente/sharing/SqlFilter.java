package org.entente.sharing;

import java.util.List;

/**
 * The sharing policy for one caller as a SQL condition over the label columns of stix_object (no
 * table alias), with its positional parameters (Long, String or Long[]). Append with {@code and (...)}.
 */
public record SqlFilter(String sql, List<Object> params) {

    public SqlFilter {
        params = List.copyOf(params);
    }
}
