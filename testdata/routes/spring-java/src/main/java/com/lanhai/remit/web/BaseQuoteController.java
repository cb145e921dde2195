package com.lanhai.remit.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Mappings shared by the quote controllers. */
public abstract class BaseQuoteController {

    @GetMapping("/currencies") // route: GET /remit/v1/remittances/quotes/currencies
    public java.util.List<String> currencies() {
        return java.util.List.of("USD", "HKD");
    }

    protected abstract Object quote(String from, String to);
}
