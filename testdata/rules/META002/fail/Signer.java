package com.example.pay;

public class Signer {
    // apiaudit:ignore KEY003 // expect: META002
    private static final String LEGACY = "placeholder";

    // apiaudit:ignore NOPE001 -- no such rule // expect: META002
    private static final String OTHER = "placeholder";
}
