package com.lanhai.remit.web;

import com.lanhai.remit.api.RemittanceApi;
import com.lanhai.remit.api.RemittanceRequest;
import com.lanhai.remit.api.RemittanceResult;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RemittanceController implements RemittanceApi {

    @Override
    @PreAuthorize("hasAuthority('SCOPE_remit')")
    public ResponseEntity<RemittanceResult> createRemittance(RemittanceRequest request) {
        return ResponseEntity.ok(new RemittanceResult());
    }

    @Override
    public ResponseEntity<RemittanceResult> getRemittance(String remittanceId) {
        return ResponseEntity.ok(new RemittanceResult());
    }
}
