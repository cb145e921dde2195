import javax.crypto.Cipher;

public final class WxPayV3 {
    // WeChat Pay APIv3 requires RSA with OAEP: JCA's "ECB" names no block mode for RSA.
    static Cipher sensitiveFieldCipher() throws Exception {
        return Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    }

    static Cipher oaep256() throws Exception {
        return Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    }

    static Cipher gcm() throws Exception {
        return Cipher.getInstance("AES/GCM/NoPadding");
    }

    static String etag(byte[] body) {
        return org.springframework.util.DigestUtils.md5DigestAsHex(body);
    }
}
