package com.lanhai.remit.web;

import static com.lanhai.remit.support.ApiPaths.QUOTES;
import static org.springframework.web.bind.annotation.RequestMethod.GET;
import static org.springframework.web.bind.annotation.RequestMethod.HEAD;

import io.swagger.annotations.ApiOperation;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping(value = {QUOTES})
public class QuoteController extends BaseQuoteController {

    /** Kept for the statement of the old quote flow: "// @GetMapping(\"/not-in-a-comment\")". */
    private static final String OLD_QUOTE_PAGE = "/quotes/legacy";

    // @GetMapping("/preview")
    // public Object preview() { return null; }

    /*
    @PostMapping("/lock")
    public Object lock() { return null; }
    */

    @ApiOperation("汇率报价")
    @RequestMapping(value = {"", "/latest"}, method = {GET, HEAD}) // route: GET /remit/v1/remittances/quotes, HEAD /remit/v1/remittances/quotes, GET /remit/v1/remittances/quotes/latest, HEAD /remit/v1/remittances/quotes/latest
    @Override
    public Object quote(@RequestParam("from") String from, @RequestParam("to") String to) {
        return null;
    }

    @Deprecated
    @RequestMapping("/legacy") // route: ANY /remit/v1/remittances/quotes/legacy
    public Object legacy() {
        return OLD_QUOTE_PAGE;
    }
}
