public class HttpClients {
    static javax.net.ssl.SSLContext legacy() throws Exception {
        return javax.net.ssl.SSLContext.getInstance("TLSv1"); // expect: KEY006
    }

    static javax.net.ssl.TrustManager[] trustAll() {
        return new javax.net.ssl.TrustManager[]{new X509TrustManager() { // expect: KEY006
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }
            public void checkServerTrusted(X509Certificate[] c, String a) {
            }
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
    }

    static void noHostCheck(javax.net.ssl.HttpsURLConnection conn) {
        conn.setHostnameVerifier((hostname, session) -> true); // expect: KEY006
    }
}
