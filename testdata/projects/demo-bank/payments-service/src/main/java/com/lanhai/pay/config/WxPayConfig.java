package com.lanhai.pay.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * 微信支付（服务商模式）接入参数。
 *
 * <p>商户私钥从 KMS 挂载的文件读取；APIv3 密钥用于回调报文 AES-256-GCM 解密。
 */
@Configuration
public class WxPayConfig {

    /** 服务商商户号 */
    private String mchId = "1650012345";

    /** 商户 API 证书序列号 */
    @Value("${wxpay.merchant-serial-no}")
    private String merchantSerialNo;

    /** 商户私钥路径（KMS 挂载） */
    @Value("${wxpay.private-key-path:/run/secrets/wxpay_apiclient_key.pem}")
    private String privateKeyPath;

    /** APIv3 密钥 */
    private String apiV3Key = "BOomdBIBTyUtyLinHdrUoRtINIW7D1oH";

    public String getMchId() {
        return mchId;
    }

    public String getMerchantSerialNo() {
        return merchantSerialNo;
    }

    public String getPrivateKeyPath() {
        return privateKeyPath;
    }

    public String getApiV3Key() {
        return apiV3Key;
    }
}
