package com.lanhai.remit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A stub for the integration tests: test code serves no production route. */
@RestController
public class StubController {
    @GetMapping("/stub/accounts")
    public String accounts() {
        return "[]";
    }
}
