package com.lanhai.ledger;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

public final class LedgerCrypto {
    private static final String AES_KEY = "Lh2024AesKey#001"; // expect: KEY003
    private static final String BATCH_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imd3LTIwMjQifQ.eyJpc3MiOiJsYW5oYWktZ2F0ZXdheSIsInN1YiI6ImJhdGNoLXNldHRsZSIsImV4cCI6MTg5MzQ1NjAwMH0.Vq3Zk8Lm2Xw9Rt4Pn7Hc1Jd6Gb0Fs5Ae2Yi8Uo3Wq7Kx"; // expect: KEY003

    static byte[] encrypt(byte[] plain) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(AES_KEY.getBytes(StandardCharsets.UTF_8), "AES"));
        return cipher.doFinal(plain);
    }

    static byte[] legacy(byte[] plain) throws Exception {
        String strDesKey = "Lh#2024ledgerDesKey3des!"; // expect: KEY003
        Cipher cipher = Cipher.getInstance("DESede/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(strDesKey.getBytes(StandardCharsets.UTF_8), "DESede"));
        return cipher.doFinal(plain);
    }

    static byte[] inline(byte[] plain) throws Exception {
        SecretKeySpec spec = new SecretKeySpec("Lh2024Inline#K02".getBytes(StandardCharsets.UTF_8), "AES"); // expect: KEY003
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, spec);
        return cipher.doFinal(plain);
    }
}
