package cn.lanhai.transfer;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The framework's error page, mapped in the service's own code: not an interface. */
@RestController
public class AppErrorController implements ErrorController {
    @RequestMapping("/error")
    public String error() {
        return "error";
    }
}
