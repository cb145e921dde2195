package com.lanhai.remit.controller;

import java.math.BigDecimal;

/** 境外账户转账请求。 */
public class OutboundTransferRequest {
    private String payerAccountId;
    private String beneficiaryName;
    private String beneficiaryIban;
    private String swiftCode;
    private BigDecimal amount;
    private String currency;
}
