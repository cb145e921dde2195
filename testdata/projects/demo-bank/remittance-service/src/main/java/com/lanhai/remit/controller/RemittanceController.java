package com.lanhai.remit.controller;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * 跨境汇款接口。
 *
 * <p>1.3.0：报价接口移至外汇牌价服务；新增境外账户转账（接口规范待补充，见 REMIT-412）。
 */
@RestController
@RequestMapping("/v1")
public class RemittanceController {

    private final RemittanceService remittanceService;

    public RemittanceController(RemittanceService remittanceService) {
        this.remittanceService = remittanceService;
    }

    @Operation(summary = "跨境汇款")
    @PostMapping("/remittances")
    public ResponseEntity<Map<String, Object>> create(@RequestHeader("X-Signature") String signature,
                                                      @RequestBody RemittanceRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(remittanceService.submit(request, signature));
    }

    @GetMapping("/remittances/{remittanceId}")
    public Map<String, Object> get(@PathVariable String remittanceId) {
        return remittanceService.query(remittanceId);
    }

    @Operation(summary = "转账")
    @PostMapping("/outbound-transfers")
    public ResponseEntity<Map<String, Object>> transferAbroad(@RequestHeader("X-Signature") String signature,
                                                              @RequestBody OutboundTransferRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(remittanceService.transferAbroad(request, signature));
    }
}
