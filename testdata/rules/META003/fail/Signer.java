package com.example.pay;

public class Signer {
    // apiaudit:ignore KEY003 -- the password was moved to the vault; this line holds none // expect: META003
    private static final String H2_URL = "jdbc:h2:mem:test";

    private static final String TIMEOUT = "30s"; // apiaudit:ignore KEY003 -- not a secret // expect: META003
}
