final class PemParser {
    static boolean isKey(String s) {
        return s.startsWith("-----BEGIN RSA PRIVATE KEY-----") || s.startsWith("-----BEGIN PRIVATE KEY-----");
    }
    // example: privateKey = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC..."
}
