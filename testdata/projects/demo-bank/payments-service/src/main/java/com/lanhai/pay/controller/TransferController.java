package com.lanhai.pay.controller;

import com.alibaba.fastjson.JSON;
import com.lanhai.pay.util.MaskUtil;
import com.lanhai.pay.util.SignUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashMap;
import java.util.Map;

/**
 * 转账接口。
 *
 * <p>POST /v1/transfers 为新版接口；POST /v1/transfers/legacy 已于 2025-06-30 到期，
 * 仍有存量合作方在调用，暂未下线（见 PAY-1287）。
 */
@RestController
public class TransferController {

    private static final Logger log = LoggerFactory.getLogger(TransferController.class);

    private final TransferService transferService;

    public TransferController(TransferService transferService) {
        this.transferService = transferService;
    }

    @PostMapping("/v1/transfers")
    public ResponseEntity<Map<String, Object>> create(@RequestHeader("X-Signature") String signature,
                                                      @RequestBody TransferRequest req) {
        if (!SignUtil.verifySm2(JSON.toJSONString(req), signature)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        String cardNo = req.getPayeeCardNo();
        log.info("card {}", MaskUtil.maskCard(cardNo));
        return ResponseEntity.status(HttpStatus.CREATED).body(transferService.submit(req));
    }

    @PostMapping("/v1/transfers/legacy")
    public Map<String, Object> createLegacy(@RequestBody Map<String, String> form) {
        String cardNo = form.get("payerCardNo");
        String payPassword = form.get("payPassword");
        log.info("transfer from card {} pwd {}", cardNo, payPassword);
        // 旧版报文签名校验，见 SignUtil.md5Sign
        if (!SignUtil.md5Sign(form).equals(form.get("sign"))) {
            Map<String, Object> err = new HashMap<>();
            err.put("code", "SIGN_ERROR");
            err.put("message", "签名校验失败");
            return err;
        }
        return transferService.submitLegacy(form);
    }

    @GetMapping("/v1/transfers/{transferId}")
    public Map<String, Object> get(@PathVariable String transferId) {
        Map<String, Object> detail = transferService.query(transferId);
        String payerCard = String.valueOf(detail.get("payerCardNo"));
        log.debug("query transfer {} payer card {}", transferId, MaskUtil.maskCard(payerCard));
        detail.put("payerCardNo", MaskUtil.maskCard(payerCard));
        return detail;
    }
}
