package cn.lanhai.card.route

import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.web.reactive.function.server.coRouter

@Configuration
class Routes {
    @Bean
    fun rewardRoutes(handler: RewardHandler) = coRouter {
        "/v1/rewards".nest {
            GET("/{customerId}", handler::balance) // route: GET /card/v1/rewards/{customerId}
            POST("/{customerId}/redeem", handler::redeem) // route: POST /card/v1/rewards/{customerId}/redeem
        }
        GET("/v1/ping") { ok().buildAndAwait() } // route: GET /card/v1/ping
    }
}
