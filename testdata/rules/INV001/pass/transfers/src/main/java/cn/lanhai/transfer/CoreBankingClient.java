package cn.lanhai.transfer;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PostMapping;

/** The core system this service calls. */
@FeignClient(name = "core")
public interface CoreBankingClient {
    @PostMapping("/core/transfers")
    Object submit(Object request);
}
