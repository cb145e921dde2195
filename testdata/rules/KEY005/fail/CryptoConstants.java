package com.lanhai.pay.crypto;

import cn.hutool.crypto.SecureUtil;
import cn.hutool.crypto.asymmetric.Sign;
import cn.hutool.crypto.asymmetric.SignAlgorithm;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.util.DigestUtils;

public final class CryptoConstants {
    public static final String PBE_ALGORITHM = "PBEWithMD5AndDES"; // expect: KEY005
    public static final String TRANSFORMATION = "AES/ECB/PKCS5Padding"; // expect: KEY005
    private String signType = WxPayConstants.SignType.MD5; // expect: KEY005

    static Sign legacySigner(String privateKey) {
        return SecureUtil.sign(SignAlgorithm.SHA1withRSA, privateKey, null); // expect: KEY005
    }

    static byte[] notifyMac(byte[] key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5"); // expect: KEY005
        mac.init(new SecretKeySpec(key, "HmacMD5"));
        return mac.doFinal(body);
    }

    static String apiSign(String params, String appSecret) {
        return DigestUtils.md5DigestAsHex((params + appSecret).getBytes()); // expect: KEY005
    }

    static Cipher encryptCipher() throws Exception {
        return Cipher.getInstance(TRANSFORMATION);
    }

    static Cipher rsaRaw() throws Exception {
        return Cipher.getInstance("RSA/ECB/NoPadding"); // expect: KEY005
    }

    static Cipher rsaLegacy() throws Exception {
        return Cipher.getInstance("RSA/ECB/PKCS1Padding"); // expect: KEY005
    }
}
