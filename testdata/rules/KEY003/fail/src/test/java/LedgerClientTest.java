class LedgerClientTest {
    // A hard-coded secret in a test fixture: reported at low severity.
    private static final String TEST_APP_SECRET = "Tst9xQ2wE7rT4yU1"; // expect: KEY003
}
