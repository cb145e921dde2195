package cn.lanhai.rates;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

class PingHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) {
        String name = "pong";
        if (name.startsWith("p")) {
            name = name.toUpperCase();
        }
    }
}
