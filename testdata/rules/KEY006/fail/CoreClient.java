package com.lanhai.esb;

import javax.net.ssl.HostnameVerifier;

public class CoreClient {
    static final HostnameVerifier TRUST_ALL_HOSTS = (hostname, session) -> true; // expect: KEY006
}
