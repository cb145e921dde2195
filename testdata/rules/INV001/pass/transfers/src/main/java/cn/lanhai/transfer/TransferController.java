package cn.lanhai.transfer;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.*;

/** Every operation is declared (the spec documents paths without the context path). */
@RestController
@RequestMapping("/v1/transfers")
public class TransferController {

    @GetMapping("/{id}")
    public TransferResult get(@PathVariable String id) {
        return null;
    }

    @Operation(summary = "转账")
    @PostMapping
    public TransferResult create(@RequestBody TransferRequest request) {
        return null;
    }

    // @PostMapping("/batch")
    // public Object batch() { return null; }
}
