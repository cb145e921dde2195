package cn.lanhai.card.api

import io.swagger.v3.oas.annotations.Operation
import org.springframework.web.bind.annotation.*

@RestController
@RequestMapping(path = [CARDS], produces = ["application/json"])
class CardController(private val service: CardService) {

    companion object {
        const val LIMITS = "/{cardId}/limits"
        private const val DOCS_LINK = "/docs/cards"
    }

    @GetMapping // route: GET /card/v1/cards
    suspend fun list(@RequestParam("customerId") customerId: String): List<CardDto> = service.list(customerId)

    @Operation(summary = "挂失")
    @PostMapping( // route: POST /card/v1/cards/{cardId}/loss-report
        value = arrayOf("/{cardId}/loss-report"),
        consumes = ["application/json"]
    )
    suspend fun reportLoss(@PathVariable cardId: String, @RequestBody body: LossReport) = service.reportLoss(cardId, body)

    @PutMapping(LIMITS) // route: PUT /card/v1/cards/{cardId}/limits
    fun updateLimits(@PathVariable cardId: String, @RequestBody limits: CardLimits): CardLimits = limits

    // @DeleteMapping("/{cardId}")
    // fun close(@PathVariable cardId: String) {}

    fun help() = DOCS_LINK
}

data class CardLimits(val dailyLimit: Long, val singleLimit: Long)

@RestController
class StatementController {
    @GetMapping(Paths.STATEMENTS) // route: GET /card/v1/cards/{cardId}/statements
    fun statements(@PathVariable cardId: String) = emptyList<String>()
}
