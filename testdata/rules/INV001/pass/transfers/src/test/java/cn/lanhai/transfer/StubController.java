package cn.lanhai.transfer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class StubController {
    @GetMapping("/stub/balances")
    public String balances() {
        return "[]";
    }
}
