public final class Config {
    private static final String PASSWORD_PROPERTY = "spring.datasource.password";
    private static final String SECRET_ENV = "LEDGER_APP_SECRET";
    @Value("${ledger.app-secret}")
    private String appSecret;
    String passwordHint = "At least 12 characters";
    boolean check(String password) { return password.equals(System.getenv("ADMIN_PASSWORD")); }
}
