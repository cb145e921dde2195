package cn.lanhai.transfer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BranchController {
    /** Public branch list: A1, so the finding is medium. */
    @GetMapping("/v1/branches") // expect: INV001
    public Object branches() {
        return null;
    }
}
