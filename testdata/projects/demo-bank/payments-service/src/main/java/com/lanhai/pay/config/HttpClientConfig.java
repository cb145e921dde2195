package com.lanhai.pay.config;

import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.ssl.SSLContexts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.File;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * 出站 HTTP 客户端配置。
 *
 * <p>unionPayClient 访问银联前置（证书由 CFCA 签发，校验链与主机名）；
 * esbClient 访问行内 ESB 测试桩，测试桩使用自签名证书。
 */
@Configuration
public class HttpClientConfig {

    @Value("${lanhai.tls.trust-store:/opt/lanhai/certs/truststore.p12}")
    private String trustStorePath;

    @Value("${lanhai.tls.trust-store-password}")
    private String trustStorePassword;

    @Bean
    public CloseableHttpClient unionPayClient() throws Exception {
        SSLContext ctx = SSLContexts.custom()
                .loadTrustMaterial(new File(trustStorePath), trustStorePassword.toCharArray())
                .build();
        SSLConnectionSocketFactory factory = new SSLConnectionSocketFactory(
                ctx, new String[]{"TLSv1.2", "TLSv1.3"}, null,
                SSLConnectionSocketFactory.getDefaultHostnameVerifier());
        return HttpClients.custom().setSSLSocketFactory(factory).build();
    }

    @Bean
    public CloseableHttpClient esbClient() throws Exception {
        TrustManager[] trustAll = new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext ctx = SSLContext.getInstance("TLSv1.2");
        ctx.init(null, trustAll, new SecureRandom());
        SSLConnectionSocketFactory factory = new SSLConnectionSocketFactory(
                ctx, org.apache.http.conn.ssl.NoopHostnameVerifier.INSTANCE);
        return HttpClients.custom().setSSLSocketFactory(factory).build();
    }
}
