package cn.lanhai.broken;

import org.springframework.web.bind.annotation.*;

// Cut off mid-edit: a literal never closed and a class body never closed.
@RestController
@RequestMapping("/ledger")
public class LedgerController {

    @GetMapping("/entries") // route: GET /ledger/entries
    public Object entries() {
        return null;
    }

    @PostMapping("/entries/{id}/reverse") // route: POST /ledger/entries/{id}/reverse
    public Object reverse(@PathVariable String id) {
        String note = "reversal of ;
        if (id.isEmpty()) {
            return null;
