package com.lanhai.remit.api;

import com.lanhai.remit.support.ApiPaths;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

/** Generated from the remittance spec (OpenAPI Generator, interfaceOnly). */
@RequestMapping(ApiPaths.REMITTANCES)
public interface RemittanceApi {

    @Operation(summary = "跨境汇款")
    @RequestMapping(method = RequestMethod.POST, value = "", produces = {"application/json"}) // route: POST /remit/v1/remittances
    ResponseEntity<RemittanceResult> createRemittance(@RequestBody RemittanceRequest request);

    @GetMapping(value = "/{remittanceId}") // route: GET /remit/v1/remittances/{remittanceId}
    ResponseEntity<RemittanceResult> getRemittance(@PathVariable("remittanceId") String remittanceId);
}
