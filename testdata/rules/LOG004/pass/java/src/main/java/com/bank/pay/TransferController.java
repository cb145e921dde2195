package com.bank.pay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class TransferController {
    private static final Logger log = LoggerFactory.getLogger(TransferController.class);

    public TransferResult transfer(TransferRequest req) {
        // log.info("cardNo={}", req.getCardNo()) was removed: card numbers are masked below.
        log.info("transfer request: cardNo={}, amount={}",
                MaskUtils.maskCardNo(req.getCardNo()), req.getAmount());
        log.info("payPassword present={}, length ok={}", req.getPayPassword() != null,
                StringUtils.isNotBlank(req.getPayPassword()));
        log.info("password reset requested by user {}", req.getUserId());
        log.debug("password expired: {}", req.isPasswordExpired());
        log.info("transfer request: {}", req);
        String cardNoMasked = DesensitizeUtil.desensitizeCard(req.getCardNo());
        log.info("card {}", cardNoMasked);
        return service.transfer(req);
    }
}
