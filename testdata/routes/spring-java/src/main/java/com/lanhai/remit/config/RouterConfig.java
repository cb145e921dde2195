package com.lanhai.remit.config;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration
public class RouterConfig {

    @Bean
    public RouterFunction<ServerResponse> rateRoutes(RateHandler handler) {
        return route(GET("/v1/rates"), handler::list) // route: GET /remit/v1/rates
                .andRoute(GET("/v1/rates/{currency}"), handler::get); // route: GET /remit/v1/rates/{currency}
    }

    @Bean
    public RouterFunction<ServerResponse> limitRoutes(LimitHandler handler) {
        return RouterFunctions.route()
                .path("/v1/limits", builder -> builder
                        .GET("/{accountId}", handler::get) // route: GET /remit/v1/limits/{accountId}
                        .PUT("/{accountId}", handler::update)) // route: PUT /remit/v1/limits/{accountId}
                .build();
    }
}
