package com.lanhai.pay.controller;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * 外汇牌价、商户入驻与绑卡接口。
 */
@RestController
public class OpenInfoController {

    private final PaymentService paymentService;

    public OpenInfoController(PaymentService paymentService) {
        this.paymentService = paymentService;
    }

    @GetMapping("/v1/fx/rates")
    public Map<String, Object> fxRates() {
        return paymentService.fxRates();
    }

    @PostMapping("/v1/merchant-applications")
    public Map<String, Object> applyMerchant(@RequestBody Map<String, Object> application) {
        return paymentService.applyMerchant(application);
    }

    @PostMapping("/v1/bind-cards")
    public Map<String, Object> bindCard(@RequestBody Map<String, Object> binding) {
        return paymentService.bindCard(binding);
    }
}
