package com.lanhai.remit.client;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The core-banking API this service calls: not a route it serves. */
@FeignClient(name = "core-banking", url = "${core.url}")
public interface CoreBankingClient {

    @GetMapping("/accounts/{accountNo}/balance")
    Object balance(@PathVariable("accountNo") String accountNo);

    @PostMapping("/accounts/{accountNo}/debit")
    Object debit(@PathVariable("accountNo") String accountNo);
}
