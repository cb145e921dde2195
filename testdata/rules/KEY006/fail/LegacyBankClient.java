package com.lanhai.esb;

public class LegacyBankClient {
    // The counterparty's front-end processor only speaks TLS 1.0: every client built here uses it.
    private SSLProtocols protocol = SSLProtocols.TLSv1; // expect: KEY006

    public LegacyBankClient withProtocol(SSLProtocols protocol) {
        this.protocol = protocol;
        return this;
    }
}
