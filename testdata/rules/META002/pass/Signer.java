package com.example.pay;

public class Signer {
    // apiaudit:ignore KEY003 -- SDK test vector published in the vendor's documentation
    private static final String LEGACY = "placeholder";
}
