package com.lanhai.esb;

public class NettyClient {
    SslContext context() throws Exception {
        return SslContextBuilder.forClient().protocols(SslProtocols.TLS_v1_1).build(); // expect: KEY006
    }
}
