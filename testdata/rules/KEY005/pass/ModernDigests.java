public final class ModernDigests {
    static byte[] sm3(byte[] data) throws Exception {
        return java.security.MessageDigest.getInstance("SM3", "BC").digest(data);
    }
    static byte[] etag(byte[] body) throws Exception {
        return java.security.MessageDigest.getInstance("MD5").digest(body);
    }
    static javax.crypto.Cipher aes() throws Exception {
        return javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    }
    static java.security.KeyPair keys() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
