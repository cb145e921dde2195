package cn.lanhai.transfer;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/v1/transfers")
public class TransferController {

    @GetMapping("/{id}")
    public TransferResult get(@PathVariable String id) {
        return null;
    }

    @Operation(summary = "转账")
    @PostMapping // expect: INV001
    public TransferResult create(@RequestBody TransferRequest request) {
        return null;
    }
}
