import javax.net.ssl.SSLContext;

public class SslContexts {
    // In the JDK "SSL" and "TLS" name a context that negotiates TLS 1.2/1.3.
    static SSLContext jdkDefault() throws Exception {
        return SSLContext.getInstance("SSL");
    }

    static SSLContext tls() throws Exception {
        return SSLContext.getInstance("TLS");
    }

    static SslContext netty() throws Exception {
        return SslContextBuilder.forClient().protocols(SslProtocols.TLS_v1_2, SslProtocols.TLS_v1_3).build();
    }
}
