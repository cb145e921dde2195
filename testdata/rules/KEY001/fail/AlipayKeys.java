package com.example.pay;

public final class AlipayKeys {
    static final String APP_PRIVATE_KEY = // expect: KEY001
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQHlGA84Ol3PMa4jnlmZ+Oa8iSjN" +
        "e7xsR9wMWWcD0AnRQcSdEZcwLQ5K99rVA1ZUBZ+v/tW85g/76DoxO5VxaOiUpJdSTgpbS3k08G2b" +
        "VeXXZsF2bklY1/3h1sgc3A3ZngfWXqhkLYa5Dt+3qDhM4GkznEIdEM9rSF46sat59teCR74jrZ4h" +
        "+gs3SseLbt9fz6i0CPZqv/TozMpYCyes7iZm4zS9REAggmp+GY9XXNhe19XOszQrF8d4LE03/Ob4" +
        "6p6AjUSlF16s8ZcLC3yPaDQnPs9y73bNe6evAQpkTnf14YMb/baSVz6gMXAHOUi+7WFZzLMj8eng" +
        "vAi/REq8GiWycBUKqVk8Tt89x9sLjwIos5eZYh9ZngsYFKFWqrKO8iyMjqlk6BaWPOJoXOMmAD9R" +

    static final String PEM =
        "-----BEGIN EC PRIVATE KEY-----\n" + // expect: KEY001
        "MHcCAQEEIGNAlqV4XDAwwi3wXHkQ6KOYIp/+Scz7zIgM/Y5Y2O85uEZ5ousI6k4m\n" +
        "RHRk48ry+LYaNU4fQvet0moSelBITCH48bPp1QztEUrBbxfgM6cz74oCB/xQMweg\n" +
        "11EYQH/6hdZprlWKvp04ClvXrZO3fu8=\n" +
        "-----END EC PRIVATE KEY-----";
}
