package cn.lanhai.transfer;

import cn.lanhai.partner.PartnerPaths;
import org.springframework.web.bind.annotation.*;

/**
 * Paths known only at run time: a constant of a library not in the repository and a property
 * no configuration sets. No spec can declare them, so they are not reported.
 */
@RestController
public class PartnerCallbackController {

    @PostMapping(PartnerPaths.CALLBACK)
    public void callback(@RequestBody String body) {
    }

    @GetMapping("${partner.status-path}")
    public String status() {
        return "ok";
    }
}
