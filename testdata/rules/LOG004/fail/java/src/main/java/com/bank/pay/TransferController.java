package com.bank.pay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class TransferController {
    private static final Logger log = LoggerFactory.getLogger(TransferController.class);

    public TransferResult transfer(TransferRequest req) {
        log.info("transfer request: cardNo={}, amount={}, payPassword={}",
                req.getCardNo(), req.getAmount(), req.getPayPassword()); // expect: LOG004
        if (log.isDebugEnabled()) {
            log.debug("payer id card {}", req.getPayer().getIdCardNo()); // expect: LOG004
        }
        try {
            return service.transfer(req);
        } catch (RuntimeException e) {
            LOGGER.error("transfer failed for account " + req.getPayerAccountNo(), e); // expect: LOG004
            throw e;
        }
    }

    void verify(String mobile, String smsCode, String cvv2) {
        this.logger.warn("verification: mobile={} cvv2={}", mobile, cvv2); // expect: LOG004
    }
}
