package com.lanhai.remit.web;

import org.springframework.web.bind.annotation.*;

/** Paths from configuration: the active profile's value wins, a placeholder's default applies when no document sets it. */
@RestController
@RequestMapping("/${remit.apiVersion}${remit.limits-path}")
public class LimitController {

    @GetMapping // route: GET /remit/v2/daily-limits
    public Object limits() {
        return null;
    }

    @PutMapping("${remit.limits.item-path:/{currency}}") // route: PUT /remit/v2/daily-limits/{currency}
    public Object update(@PathVariable String currency) {
        return null;
    }
}
