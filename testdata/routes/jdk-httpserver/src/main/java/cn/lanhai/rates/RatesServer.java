package cn.lanhai.rates;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

public class RatesServer implements HttpHandler {

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
        server.createContext("/", new RatesServer());
        server.createContext("/ping", new PingHandler()); // route: ANY /ping
        server.start();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/")) {
            throw new IllegalArgumentException("no path");
        } else if (path.startsWith("/api/")) {
            String rest = path.substring("/api/".length());
            new RatesApi().dispatch(rest, exchange);
        } else if (path.equals("/favicon.ico")) {
            sendError(exchange, 404);
        } else if (path.startsWith("/admin/reload")) { // route: ANY /admin/reload
            reload();
        }
        String label = "rates";
        if (label.equals("fx")) {
            reload();
        }
    }

    private void reload() {
    }

    private void sendError(HttpExchange exchange, int code) throws IOException {
        exchange.sendResponseHeaders(code, -1);
    }
}
