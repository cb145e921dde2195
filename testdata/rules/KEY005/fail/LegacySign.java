import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

public final class LegacySign {
    public static byte[] md5Sign(String params, String key) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5"); // expect: KEY005
        return md.digest((params + "&key=" + key).getBytes());
    }

    public static byte[] encrypt(byte[] plain, byte[] key8) throws Exception {
        SecretKeySpec key = new SecretKeySpec(key8, "DES"); // expect: KEY005
        Cipher cipher = Cipher.getInstance("DES/ECB/PKCS5Padding"); // expect: KEY005
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(plain);
    }

    public static java.security.KeyPair reconKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024); // expect: KEY005
        return generator.generateKeyPair();
    }

    static java.security.Signature legacy() throws Exception {
        return java.security.Signature.getInstance("SHA1withRSA"); // expect: KEY005
    }
}
