public class HttpClients {
    static javax.net.ssl.SSLContext modern() throws Exception {
        return javax.net.ssl.SSLContext.getInstance("TLSv1.2");
    }
    static Object factory(javax.net.ssl.SSLContext ctx) {
        return new SSLConnectionSocketFactory(ctx, new String[]{"TLSv1.2", "TLSv1.3"}, null,
                SSLConnectionSocketFactory.getDefaultHostnameVerifier());
    }
}
