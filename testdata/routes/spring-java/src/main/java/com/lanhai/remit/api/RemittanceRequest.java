package com.lanhai.remit.api;

public class RemittanceRequest {
    private String payerAccountNo;
    private String payeeName;
    private java.math.BigDecimal amount;
    private String currency;
}
