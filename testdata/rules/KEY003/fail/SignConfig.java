package com.example.ledger;

public final class SignConfig {
    private static final String SIGN_SECRET = "Hq4TUI9HafFiN0sJKCmLcRbX"; // expect: KEY003
    private static final String JDBC = "jdbc:sqlserver://10.20.1.7:1433;databaseName=core;user=sa;password=Sa#2024core"; // expect: KEY003

    String token() {
        return Jwts.builder().setSubject("svc").signWith(SignatureAlgorithm.HS256, "ledger-jwt-2024-Kq9x").compact(); // expect: KEY003
    }
}
