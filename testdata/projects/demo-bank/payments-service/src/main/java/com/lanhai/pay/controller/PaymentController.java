package com.lanhai.pay.controller;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * 支付接口。接口定义见 api/payments-openapi.yaml。
 */
@RestController
@RequestMapping("/v1/payments")
public class PaymentController {

    private final PaymentService paymentService;

    public PaymentController(PaymentService paymentService) {
        this.paymentService = paymentService;
    }

    @PostMapping("/quick-pay")
    public ResponseEntity<Map<String, Object>> quickPay(@RequestBody Map<String, Object> order) {
        return ResponseEntity.ok(paymentService.quickPay(order));
    }

    @PostMapping("/{paymentId}/confirm")
    public Map<String, Object> confirm(@PathVariable String paymentId, @RequestBody Map<String, Object> body) {
        return paymentService.confirm(paymentId, body);
    }

    @GetMapping("/{paymentId}")
    public Map<String, Object> get(@PathVariable String paymentId) {
        return paymentService.query(paymentId);
    }

    /** 已废弃，2027-12-31 下线；过渡期内继续提供。 */
    @Deprecated
    @GetMapping("/{paymentId}/status")
    public Map<String, Object> status(@PathVariable String paymentId) {
        return paymentService.status(paymentId);
    }

    @GetMapping("/{paymentId}/receipt")
    public Map<String, Object> receipt(@PathVariable String paymentId) {
        return paymentService.receipt(paymentId);
    }

    @PostMapping("/{paymentId}/refund")
    public Map<String, Object> refund(@PathVariable String paymentId, @RequestBody Map<String, Object> body) {
        return paymentService.refund(paymentId, body);
    }

    @GetMapping("/channels")
    public Map<String, Object> channels() {
        return paymentService.channels();
    }
}
