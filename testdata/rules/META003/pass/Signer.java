package com.example.pay;

public class Signer {
    // apiaudit:ignore KEY003 -- embedded H2 database used only by unit tests
    private static final String H2_PASSWORD = "Wq8#zT4!pLm2vR";

    private static final String LEGACY_PASSWORD = "Xb7$kQ9@nW3eYt"; // apiaudit:ignore KEY003 -- rotated, kept for the migration test

    // A suppression of a rule this run does not select suppresses nothing, and is not reported.
    // apiaudit:ignore LOG004 -- request logs are masked by the gateway
    private static final String TAG = "pay";
}
