package cn.lanhai.rates;

import com.sun.net.httpserver.HttpExchange;

class RatesApi {

    void dispatch(String path, HttpExchange exchange) {
        if (path.equals("latest")) { // route: GET /api/latest
            latest(exchange);
        } else if ("convert".equals(path)) { // route: POST /api/convert
            convert(exchange);
        } else {
            switch (path) {
                case "currencies": // route: ANY /api/currencies
                    currencies(exchange);
                    break;
                default:
                    throw new IllegalArgumentException("unknown: " + path);
            }
        }
    }

    private void latest(HttpExchange exchange) {
        requireMethod(exchange, "GET");
    }

    private void convert(HttpExchange exchange) {
        if (!"post".equalsIgnoreCase(exchange.getRequestMethod())) {
            throw new IllegalStateException("POST only");
        }
    }

    private void currencies(HttpExchange exchange) {
    }

    private void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equalsIgnoreCase("get")) {
            throw new IllegalStateException(method + " only");
        }
    }
}
