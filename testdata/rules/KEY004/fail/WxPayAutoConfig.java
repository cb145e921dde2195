package com.lanhai.pay.config;

public class WxPayAutoConfig {
    Config config() {
        return new RSAAutoCertificateConfig.Builder()
            .merchantId("1650012345")
            .privateKeyFromPath("/data/certs/apiclient_key.pem")
            .merchantSerialNumber("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")
            .apiV3Key("Qm7Xv2Rk9Pt4Zq3Wm8Lc5Hd1Js6Ng0Ab") // expect: KEY004
            .build();
    }
}
