package com.lanhai.remit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;

@Tag(name = "transfers")
@Controller
@RequestMapping(path = "/v2/transfers")
public class TransferController {

    @Operation(summary = "转账", deprecated = false)
    @PostMapping // route: POST /remit/v2/transfers
    @ResponseBody
    public TransferResult create(@RequestBody TransferForm form) {
        return new TransferResult();
    }

    @DeleteMapping(path = "/{id}") // route: DELETE /remit/v2/transfers/{id}
    @ResponseBody
    public void cancel(@PathVariable String id) {
    }

    /** Not a handler: no mapping annotation. */
    public String describe() {
        return "@GetMapping(\"/describe\")";
    }
}
