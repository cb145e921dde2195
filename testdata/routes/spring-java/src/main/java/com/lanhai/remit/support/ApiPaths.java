package com.lanhai.remit.support;

/** Paths shared by the controllers (no route markers here: read when a mapping needs them). */
public final class ApiPaths {
    public static final String V1 = "/v1",
            REMITTANCES = V1 + "/remittances",
            QUOTES = REMITTANCES + "/quotes";

    /** A URL the service calls, not a route it serves. */
    public static final String CORE_BANKING_URL = "https://core.lanhai.example/api/accounts";

    private ApiPaths() {
    }
}
